"use client";
// The campaign composer (/campaigns/new and /campaigns/<id>/edit): basics, audience, content,
// delivery and schedule in one form, checked as you go with the server's own rules, saved in one
// request (nothing half-saved), then on to the campaign's page to submit it.
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, useTransition, type FormEvent } from "react";
import { useActionResultText } from "@/components/forms/result-text";
import { Alert } from "@/components/ui/alert";
import type { CampaignState, CampaignType } from "@/lib/campaigns/state";
import type { ComposerApp, ComposerSegment } from "@/server/campaigns/composer-data";
import { createCampaignAction, updateCampaignAction } from "@/server/campaigns/actions";
import { AudienceSection } from "./audience-section";
import { BasicsSection } from "./basics-section";
import { ChannelLimitFixes, useSubmitBlockers } from "./channel-limits";
import { ComposerContext, type ComposerContextValue } from "./composer-context";
import { DeliverySection } from "./delivery-section";
import { smsApplies, valuesFromDraft, type ComposerDraft } from "@/lib/campaigns/draft";
import { firstErrorTab } from "./first-error";
import { GoalSection } from "./goal-section";
import { newIdempotencyKey } from "./idempotency-key";
import { usePayloadCheck } from "./payload-check";
import { previewRequest } from "./preview-request";
import { composerResultRules } from "../result-rules";
import { SaveBar } from "./save-bar";
import { ScheduleSection } from "./schedule-section";
import { SmsSection } from "./sms-section";
import { ComposerTestSend } from "./test-send";
import { useComposerState } from "./use-composer-state";
import { VariantsSection } from "./variants-section";

export interface CampaignComposerProps {
  app: ComposerApp;
  initial: ComposerDraft;
  types: CampaignType[];
  segments: ComposerSegment[];
  zones: string[];
  // Set when editing a stored campaign.
  campaign?: { id: string; state: CampaignState };
}

export function CampaignComposer({ app, initial, types, segments, zones, campaign }: CampaignComposerProps) {
  const t = useTranslations("campaigns.composer");
  const states = useTranslations("campaigns.state");
  const router = useRouter();
  // The kinds of campaign the app lets fall back to SMS travel with the draft (never saved).
  const state = useComposerState({ ...initial, smsKinds: app.smsPolicy?.campaignKinds ?? [] });
  const { draft } = state;
  const [pending, startTransition] = useTransition();
  const [leaving, setLeaving] = useState(false);
  const [activeVariant, setActiveVariant] = useState(0);
  const [locales, setLocales] = useState<Record<number, string>>({});
  const [focusRequest, setFocusRequest] = useState(0);
  // One key per opening of the form: a double click, a retry or a second submit creates one campaign.
  const idempotencyKey = useRef<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const payload = usePayloadCheck(draft, app.configuredChannels);
  const blockers = useSubmitBlockers(draft, app.configuredChannels);
  const serverMessage = useActionResultText("campaigns", composerResultRules).formError(state.server);
  const preview = useMemo(
    () => previewRequest(draft, state.clientErrors, segments),
    [draft, state.clientErrors, segments],
  );

  // After a refused save: the field with the first error gets the focus (its tab opened first).
  useEffect(() => {
    if (!focusRequest) return;
    const form = formRef.current;
    const target =
      form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>('[role="alert"]');
    target?.scrollIntoView({ block: "center" });
    target?.focus();
  }, [focusRequest]);

  // Unsaved work is not lost to a stray reload or closed tab.
  useEffect(() => {
    if (!state.dirty || leaving) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [state.dirty, leaving]);

  function refuse(errors: Record<string, string[]>) {
    const tab = firstErrorTab(errors);
    if (tab) {
      setActiveVariant(tab.variant);
      if (tab.locale) setLocales((current) => ({ ...current, [tab.variant]: tab.locale! }));
    }
    setFocusRequest((n) => n + 1);
  }

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || leaving) return;
    state.setAttempted(true);
    if (Object.keys(state.clientErrors).length) return refuse(state.clientErrors);
    const { campaign: values, schedule } = valuesFromDraft(draft);
    startTransition(async () => {
      const result = campaign
        ? await updateCampaignAction({ campaignId: campaign.id, campaign: values, schedule })
        : await createCampaignAction({
            campaign: values,
            schedule,
            idempotencyKey: (idempotencyKey.current ??= newIdempotencyKey()),
          });
      state.setServer(result);
      if (!result.ok) return refuse(result.fieldErrors ?? {});
      setLeaving(true);
      router.push(`/campaigns/${result.data.campaignId}?saved=${campaign ? "updated" : "created"}`);
    });
  }

  const context: ComposerContextValue = {
    draft,
    app,
    update: state.update,
    errors: state.errors,
    flagged: state.flagged,
    activeVariant,
    setActiveVariant,
    activeLocale: (index) => {
      const variant = draft.variants[index];
      const chosen = locales[index];
      return chosen && variant?.locales.includes(chosen) ? chosen : (variant?.locales[0] ?? "");
    },
    setActiveLocale: (index, locale) => setLocales((current) => ({ ...current, [index]: locale })),
    editing: Boolean(campaign),
  };
  const problems = state.attempted ? Object.keys(state.clientErrors).length : 0;

  return (
    <ComposerContext.Provider value={context}>
      <form
        ref={formRef}
        noValidate
        onSubmit={save}
        onBlur={(e) => state.touch((e.target as Element).getAttribute("name") ?? "")}
        className="mx-auto max-w-5xl space-y-6"
      >
        {campaign && campaign.state !== "draft" ? (
          <Alert tone="warning">{t("editSubmitted", { state: states(campaign.state) })}</Alert>
        ) : null}
        <fieldset disabled={pending || leaving} className="min-w-0 space-y-6">
          <BasicsSection types={types} />
          <AudienceSection segments={segments} />
          <VariantsSection
            budget={
              <>
                {payload.meter}
                <ChannelLimitFixes />
              </>
            }
          />
          <ComposerTestSend campaignId={campaign?.id} />
          <DeliverySection />
          <ScheduleSection zones={zones} preview={preview} />
          <SmsSection step={6} audience={preview} />
          <GoalSection step={app.smsPolicy && smsApplies(draft) ? 7 : 6} />
        </fieldset>
        <SaveBar
          problems={problems}
          overLimits={blockers.length}
          serverMessage={serverMessage}
          pending={pending || leaving}
          editing={Boolean(campaign)}
          cancelHref={campaign ? `/campaigns/${campaign.id}` : `/campaigns?app=${app.id}`}
        />
      </form>
    </ComposerContext.Provider>
  );
}
