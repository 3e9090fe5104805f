// Badges for a campaign's type (with "breaking" for breaking news) and lifecycle state.
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";

const stateTones = {
  draft: "neutral",
  pending_approval: "amber",
  scheduled: "blue",
  sending: "blue",
  paused: "amber",
  completed: "green",
  cancelled: "neutral",
  failed: "red",
} as const;

export async function CampaignTypeBadge({ type, breaking }: { type: string; breaking: boolean }) {
  const t = await getTranslations("campaigns");
  return (
    <span className="inline-flex flex-wrap gap-1">
      <Badge tone={type === "promotion" ? "green" : type === "news" ? "blue" : "neutral"}>{t(`type.${type}`)}</Badge>
      {breaking ? <Badge tone="red">{t("breaking")}</Badge> : null}
    </span>
  );
}

export async function CampaignStateBadge({ state }: { state: keyof typeof stateTones }) {
  const t = await getTranslations("campaigns");
  return <Badge tone={stateTones[state]}>{t(`state.${state}`)}</Badge>;
}
