"use client";
// Step 1: what kind of campaign (only the types the user's role may write), its name, and for news
// whether it is breaking (through quiet hours, no approval).
import { Megaphone, Newspaper, Tag } from "lucide-react";
import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { CampaignType } from "@/lib/campaigns/state";
import { CheckboxField, GroupErrors, RadioCardGroup } from "./choices";
import { ComposerSection } from "./composer-section";
import { useComposer, useDraftBinding } from "./composer-context";

const icons: Record<CampaignType, React.ReactNode> = {
  news: <Newspaper className="size-4" />,
  announcement: <Megaphone className="size-4" />,
  promotion: <Tag className="size-4" />,
};

export function BasicsSection({ types }: { types: CampaignType[] }) {
  const t = useTranslations("campaigns.composer.basics");
  const kinds = useTranslations("campaigns.type");
  const { draft, update, errors, editing } = useComposer();
  const { text, check } = useDraftBinding();
  // An existing campaign keeps its type; a new one offers what the role may create.
  const offered = editing ? [draft.type] : types;
  return (
    <ComposerSection step={1} title={t("title")} description={t("description")}>
      <RadioCardGroup
        legend={t("type")}
        name="campaign.type"
        gridClassName="grid gap-2 sm:grid-cols-3"
        options={offered.map((type) => ({
          value: type,
          label: kinds(type),
          description: t(`typeHints.${type}`),
          icon: icons[type],
        }))}
        value={draft.type}
        onChange={(type) =>
          update((d) => ({
            ...d,
            type,
            breaking: type === "news" ? d.breaking : false,
            priority: type === "news" ? "high" : d.priority,
          }))
        }
      >
        {editing ? <p className="text-xs text-slate-500">{t("typeFixed")}</p> : null}
        <GroupErrors errors={errors("campaign.type")} />
      </RadioCardGroup>
      <Field label={t("name")} hint={t("nameHint")} errors={errors("campaign.name")}>
        <Input name="campaign.name" {...text("name")} autoComplete="off" />
      </Field>
      {draft.type === "news" ? (
        <div className="rounded-md border border-red-100 bg-red-50/50 p-3">
          <CheckboxField
            name="campaign.breaking"
            label={t("breaking")}
            hint={t("breakingHint")}
            {...check("breaking")}
          />
          <GroupErrors errors={errors("campaign.breaking")} />
        </div>
      ) : null}
    </ComposerSection>
  );
}
