"use client";
// Step 2: who receives it: a saved segment or a target written inline, optionally only test devices,
// with the live count. No filter at all means every device of the app, which is said plainly here
// (submitting then asks for the app's name).
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useCallback, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { NativeSelect, Options } from "@/components/ui/input";
import { requiresApproval } from "@/lib/campaigns/state";
import { tryParseSegment } from "@/lib/segments";
import type { ComposerSegment } from "@/server/campaigns/composer-data";
import { AudienceCount } from "./audience-count";
import { CheckboxField, RadioCardGroup } from "./choices";
import { ComposerSection } from "./composer-section";
import { useComposer, useDraftBinding } from "./composer-context";
import { ExpressionEditor } from "./expression-editor";

// The expression to count: the segment's or the inline one ("" = whole app); null when there is none yet.
export function countableExpression(
  mode: "segment" | "expression",
  segment: ComposerSegment | undefined,
  inline: string,
): string | null {
  if (mode === "segment") return segment ? segment.expression : null;
  const text = inline.trim();
  if (!text) return "";
  return tryParseSegment(text).ok ? text : null;
}

export function AudienceSection({ segments }: { segments: ComposerSegment[] }) {
  const t = useTranslations("campaigns.composer.audience");
  const { draft, update, errors, app } = useComposer();
  const { text, check } = useDraftBinding();
  const [total, setTotal] = useState<number | null>(null);
  const onCounted = useCallback((n: number | null) => setTotal(n), []);
  const segment = segments.find((s) => s.id === draft.segmentId);
  const expression = countableExpression(draft.audience, segment, draft.expression);
  const wholeApp = expression === "" && !draft.testDevicesOnly;
  const needsApproval =
    total !== null &&
    requiresApproval(
      { type: draft.type, breaking: draft.type === "news" && draft.breaking, audience: total },
      app.approvalThreshold,
    );
  return (
    <ComposerSection step={2} title={t("title")} description={t("description")}>
      <RadioCardGroup
        legend={t("source")}
        name="campaign.audience"
        gridClassName="grid gap-2 sm:grid-cols-2"
        options={[
          { value: "expression", label: t("inline"), description: t("inlineHint") },
          {
            value: "segment",
            label: t("segment"),
            description: segments.length ? t("segmentHint", { count: segments.length }) : t("noSegments"),
            disabled: !segments.length,
          },
        ]}
        value={draft.audience}
        onChange={(audience) => update((d) => ({ ...d, audience }))}
      />
      {draft.audience === "segment" ? (
        <div className="space-y-2">
          <Field
            label={t("segmentPick")}
            hint={
              <Link href={`/segments?app=${app.id}`} className="text-brand-700 hover:underline">
                {t("manageSegments")}
              </Link>
            }
            errors={errors("campaign.segmentId")}
          >
            <NativeSelect name="campaign.segmentId" {...text("segmentId")}>
              <option value="">{t("segmentNone")}</option>
              <Options items={segments} value={(s) => s.id} label={(s) => s.name} />
            </NativeSelect>
          </Field>
          {segment ? (
            <div className="rounded-md bg-slate-50 px-3 py-2">
              {segment.description ? <p className="mb-1 text-xs text-slate-600">{segment.description}</p> : null}
              <code className="block font-mono text-xs break-words whitespace-pre-wrap text-slate-800">
                {segment.expression}
              </code>
            </div>
          ) : null}
        </div>
      ) : (
        <ExpressionEditor errors={errors("campaign.expression")} />
      )}
      <CheckboxField
        name="campaign.testDevicesOnly"
        label={t("testDevicesOnly")}
        hint={t("testDevicesOnlyHint")}
        {...check("testDevicesOnly")}
      />
      {wholeApp ? <Alert tone="warning">{t("wholeApp", { app: app.name })}</Alert> : null}
      <AudienceCount
        appId={app.id}
        expression={expression}
        testDevicesOnly={draft.testDevicesOnly}
        channels={draft.channels}
        type={draft.type}
        onCounted={onCounted}
      />
      {total !== null && total > 0 ? (
        <p className="text-xs text-slate-600">
          {needsApproval
            ? t(draft.type === "promotion" ? "approvalPromotion" : "approvalThreshold", {
                threshold: app.approvalThreshold,
              })
            : t("noApproval")}
        </p>
      ) : null}
      {total === 0 ? <Alert tone="warning">{t("noDevices")}</Alert> : null}
    </ComposerSection>
  );
}
