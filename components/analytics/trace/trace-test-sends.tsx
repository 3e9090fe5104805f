// The device trace's test sends: "Test send by <user> at <time>", with the channel, the content tested
// and what the provider answered (its error code when it refused). Times in the trace's zone.
import { FlaskConical } from "lucide-react";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { TraceTestSend } from "@/server/analytics/test-sends";
import { dateTimeLabel } from "../format";

const tones = { sent: "green", invalid_token: "red", failed: "red", retry: "amber", unreachable: "amber" } as const;

export async function TraceTestSends({ sends, timeZone }: { sends: TraceTestSend[]; timeZone: string }) {
  if (!sends.length) return null;
  const t = await getTranslations("testSend.trace");
  const outcomes = await getTranslations("testSend.outcome");
  const enums = await getTranslations("enums");
  const format = await getFormatter();
  return (
    <div className="mt-6">
      <Card title={t("title", { count: sends.length })}>
        <ul className="divide-y divide-slate-100 text-sm" data-testid="trace-test-sends">
          {sends.map((send) => (
            <li
              key={send.id}
              className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2"
              data-testid="trace-test-send"
            >
              <FlaskConical className="size-4 shrink-0 text-violet-700" aria-hidden />
              <span className="font-medium text-slate-800">
                {t("by", { user: send.userName })}{" "}
                <time dateTime={send.sentAt} className="tabular-nums">
                  {dateTimeLabel(format, send.sentAt, timeZone, true)}
                </time>
              </span>
              <Badge tone={tones[send.outcome as keyof typeof tones] ?? "neutral"}>
                {outcomes.has(send.outcome) ? outcomes(send.outcome) : send.outcome}
              </Badge>
              <span className="text-xs text-slate-600">
                {[
                  !send.channel
                    ? null
                    : enums.has(`channel.${send.channel}`)
                      ? enums(`channel.${send.channel}`)
                      : send.channel,
                  t("variant", { variant: send.variantKey, locale: send.locale }),
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </span>
              {send.campaignId && send.campaignName ? (
                <Link href={`/campaigns/${send.campaignId}`} className="text-xs text-brand-700 hover:underline">
                  {send.campaignName}
                </Link>
              ) : null}
              <span className="w-full pl-7 text-xs text-slate-600">
                {t("content", { title: send.title })}
                {send.errorCode ? (
                  <span className="ml-2 text-red-700">
                    {t.rich("error", {
                      code: send.errorCode,
                      c: (chunks) => <code className="font-mono">{chunks}</code>,
                    })}
                  </span>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
