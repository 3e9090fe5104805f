"use client";
// The lifecycle buttons the current user may use on this campaign (from lib/campaigns/state), with
// a dialog where a reason or a confirmation is needed (approving asks first, naming the campaign, its
// audience and its schedule). Errors are shown in the user's language.
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { FormDialog } from "@/components/forms/form-dialog";
import { useActionResultText } from "@/components/forms/result-text";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { idleResult, type ActionResult } from "@/lib/action-result";
import {
  approveCampaign,
  cancelCampaign,
  pauseCampaign,
  rejectCampaign,
  resumeCampaign,
  submitCampaignAction,
  withdrawCampaign,
} from "@/server/campaigns/actions";
import { useCampaignLive } from "./campaign-live";
import { lifecycleResultRules } from "./result-rules";

type Event = "submit" | "approve" | "reject" | "withdraw" | "pause" | "resume" | "cancel";

export interface CampaignActionsProps {
  campaignId: string;
  campaignName: string;
  appName: string;
  events: string[];
  // Submitting would wait for a second person's approval: the button says "Request approval".
  approvalNeeded?: boolean;
  // Sending to every device of the app: submitting needs the app's name typed.
  wholeApp: boolean;
  // Formatted audience count and first wave time for the whole-app confirmation.
  audienceText: string | null;
  firstWaveText: string | null;
  // The schedule in words, for the approval's confirmation.
  scheduleText: string | null;
}

const order: Event[] = ["submit", "approve", "reject", "withdraw", "pause", "resume", "cancel"];
const withReason: Event[] = ["reject", "pause", "cancel"];
// The server's limit on a reason (server/campaigns/actions.ts); longer text is kept and flagged, never cut.
const reasonMax = 500;

export function CampaignActions({
  campaignId,
  campaignName,
  appName,
  events,
  approvalNeeded = false,
  wholeApp,
  audienceText,
  firstWaveText,
  scheduleText,
}: CampaignActionsProps) {
  const t = useTranslations("campaigns.actions");
  const channelNames = useTranslations("enums.channel");
  const errorText = useActionResultText(
    "campaigns",
    lifecycleResultRules(appName, (channel) => channelNames(channel)),
  );
  const [open, setOpen] = useState<Event | null>(null);
  const [reason, setReason] = useState("");
  const [typedName, setTypedName] = useState("");
  const [result, setResult] = useState<ActionResult>(idleResult);
  const [done, setDone] = useState<string | null>(null);
  const [pending, start] = useTransition();
  // On the campaign page the banner follows the live state (campaign-live.tsx's LiveStateBanner).
  const live = useCampaignLive();
  const shown = order.filter((event) => events.includes(event));
  if (!shown.length) return null;

  function run(event: Event) {
    const why = reason.trim() || undefined;
    start(async () => {
      const calls: Record<Event, () => Promise<ActionResult<{ state: string }>>> = {
        submit: () => submitCampaignAction({ campaignId, confirmAppName: wholeApp ? typedName : undefined }),
        approve: () => approveCampaign({ campaignId }),
        reject: () => rejectCampaign({ campaignId, reason: why }),
        withdraw: () => withdrawCampaign({ campaignId }),
        pause: () => pauseCampaign({ campaignId, reason: why }),
        resume: () => resumeCampaign({ campaignId }),
        cancel: () => cancelCampaign({ campaignId, reason: why }),
      };
      const next = await calls[event]();
      setResult(next);
      if (next.ok) {
        setOpen(null);
        if (live) live.announce(next.data.state);
        else setDone(t(`done.${next.data.state}`));
      }
    });
  }
  const needsDialog = (event: Event) =>
    withReason.includes(event) || event === "approve" || (event === "submit" && wholeApp);
  const error = errorText.formError(result);

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {shown.map((event) => (
          <Button
            key={event}
            variant={
              event === "cancel" || event === "reject"
                ? "danger"
                : event === "submit" || event === "approve"
                  ? "primary"
                  : "secondary"
            }
            disabled={pending}
            onClick={() => {
              setResult(idleResult);
              setDone(null);
              if (needsDialog(event)) {
                setReason("");
                setTypedName("");
                setOpen(event);
              } else run(event);
            }}
          >
            {event === "submit" && approvalNeeded ? t("submit.requestApproval") : t(`${event}.button`)}
          </Button>
        ))}
      </div>
      {!open && error ? <Alert tone="error">{error}</Alert> : null}
      {done ? <Alert tone="success">{done}</Alert> : null}
      <FormDialog
        open={open !== null}
        onOpenChange={(next) => {
          if (!next) setOpen(null);
        }}
        onCancel={() => setOpen(null)}
        title={open ? t(`${open}.title`, { name: campaignName }) : ""}
        description={open ? t(`${open}.body`) : undefined}
        form={{
          result,
          pending,
          onSubmit: (e) => {
            e.preventDefault();
            if (open) run(open);
          },
        }}
        errorText={errorText.formError}
        submitLabel={open ? t(`${open}.confirm`) : null}
        submitVariant={open === "cancel" || open === "reject" ? "danger" : "primary"}
        submitBlocked={open === "submit" && typedName.trim() !== appName}
      >
        {open === "approve" ? (
          <dl
            className={
              "grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-md border border-slate-200 bg-slate-50 p-3 " +
              "text-sm"
            }
          >
            <dt className="font-medium text-slate-600">{t("approve.campaign")}</dt>
            <dd className="break-words text-slate-900">{campaignName}</dd>
            <dt className="font-medium text-slate-600">{t("approve.audience")}</dt>
            <dd className="tabular-nums text-slate-900">{audienceText ?? "—"}</dd>
            <dt className="font-medium text-slate-600">{t("approve.schedule")}</dt>
            <dd className="text-slate-900">{scheduleText ?? "—"}</dd>
            <dt className="font-medium text-slate-600">{t("submit.firstWave")}</dt>
            <dd className="tabular-nums text-slate-900">{firstWaveText ?? "—"}</dd>
          </dl>
        ) : open === "submit" ? (
          <>
            <dl
              className={
                "grid grid-cols-2 gap-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm " + "text-amber-900"
              }
            >
              <dt className="font-medium">{t("submit.audience")}</dt>
              <dd className="tabular-nums">{audienceText ?? "—"}</dd>
              <dt className="font-medium">{t("submit.firstWave")}</dt>
              <dd className="tabular-nums">{firstWaveText ?? "—"}</dd>
            </dl>
            <Field label={t("submit.typeName", { app: appName })}>
              <Input value={typedName} onChange={(e) => setTypedName(e.target.value)} autoComplete="off" />
            </Field>
          </>
        ) : (
          <Field
            label={t("reason")}
            hint={t("reasonHint")}
            errors={[...reason].length > reasonMax ? [t("reasonTooLong", { count: [...reason].length })] : undefined}
          >
            <Textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
          </Field>
        )}
      </FormDialog>
    </div>
  );
}
