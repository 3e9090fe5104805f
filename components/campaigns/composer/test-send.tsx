"use client";
// "Send test": pushes one variant in one language, as composed right now, to chosen test devices of the
// app or to a pasted push token / installation id, through the real providers, and shows what each
// provider answered. Nothing of the campaign changes; the device trace lists the test. Used in the
// composer (reads the form) and on a draft's page (the stored content).
import { FlaskConical, Loader2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/action-result";
import type { CampaignType } from "@/lib/campaigns/state";
import { valuesFromDraft } from "@/lib/campaigns/draft";
import type { StoredTestCampaign } from "@/lib/campaigns/test-send";
import { sendTestAction, testTargetsAction } from "@/server/dispatch/test-send-actions";
import { useComposer } from "./composer-context";

type Targets = Extract<Awaited<ReturnType<typeof testTargetsAction>>, { ok: true }>["data"];
type Results = Extract<Awaited<ReturnType<typeof sendTestAction>>, { ok: true }>["data"]["results"];

export interface TestSendContent {
  type: CampaignType;
  delivery: Record<string, unknown> & { channels?: string[] };
  variants: Array<{ key: string; fallbackLocale: string; content: Record<string, unknown> }>;
}

const tones = { sent: "green", invalid_token: "red", failed: "red", retry: "amber", unreachable: "amber" } as const;

// The composer's button: tests what the form holds now.
export function ComposerTestSend({ campaignId }: { campaignId?: string }) {
  const { draft } = useComposer();
  const content = () => {
    const { campaign } = valuesFromDraft(draft);
    return { type: campaign.type, delivery: campaign.delivery, variants: campaign.variants };
  };
  return <TestSendButton appId={draft.appId} campaignId={campaignId} content={content} />;
}

export function TestSendButton({
  appId,
  campaignId,
  content,
}: {
  appId: string;
  campaignId?: string;
  content: () => TestSendContent;
}) {
  const t = useTranslations("testSend");
  const errorsText = useTranslations("campaigns.errors");
  const enums = useTranslations("enums");
  const [open, setOpen] = useState(false);
  const [targets, setTargets] = useState<Targets | null>(null);
  const [snapshot, setSnapshot] = useState<TestSendContent | null>(null);
  const [variantKey, setVariantKey] = useState("");
  const [locale, setLocale] = useState("");
  const [picked, setPicked] = useState<string[]>([]);
  const [pasted, setPasted] = useState("");
  const [channel, setChannel] = useState("");
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const channelName = (c: string | null) => (c ? (enums.has(`channel.${c}`) ? enums(`channel.${c}`) : c) : "—");
  const variant = snapshot?.variants.find((v) => v.key === variantKey) ?? snapshot?.variants[0];
  const locales = variant ? Object.keys(variant.content) : [];

  function opened(next: boolean) {
    setOpen(next);
    if (!next) return;
    const now = content();
    setSnapshot(now);
    setVariantKey(now.variants[0]?.key ?? "A");
    setLocale(now.variants[0]?.fallbackLocale ?? "");
    setResults(null);
    setError(null);
    startTransition(async () => {
      const answer = await testTargetsAction({ appId });
      if (answer.ok) {
        setTargets(answer.data);
        setChannel((current) => current || answer.data.channels.find((c) => c !== "mqtt") || "mqtt");
      } else setError(t("errors.load"));
    });
  }

  function message(result: Extract<ActionResult<unknown>, { ok: false }>): string {
    if (result.status === 429) return t("errors.testSendTooOften");
    if (result.status === 403) return t("errors.forbidden");
    const codes = Object.values(result.fieldErrors ?? {}).flat();
    const words = codes.map((code) =>
      t.has(`errors.${code}`) ? t(`errors.${code}`) : errorsText.has(code) ? errorsText(code) : t("errors.invalid"),
    );
    return words.length ? [...new Set(words)].join(" ") : t("errors.failed");
  }

  function send() {
    if (!snapshot || !variant) return;
    setError(null);
    setResults(null);
    const chosenLocale = locales.includes(locale) ? locale : variant.fallbackLocale;
    startTransition(async () => {
      const result = await sendTestAction({
        appId,
        ...(campaignId ? { campaignId } : {}),
        type: snapshot.type,
        delivery: snapshot.delivery as never,
        variant: { ...variant, splitPercent: 100 } as never,
        locale: chosenLocale,
        deviceIds: picked,
        ...(pasted.trim() ? { pasted: pasted.trim(), ...(channel ? { channel: channel as never } : {}) } : {}),
      });
      if (result.ok) setResults(result.data.results);
      else setError(message(result));
    });
  }

  const toggle = (id: string) =>
    setPicked((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id].slice(0, 20)));

  return (
    <Dialog
      open={open}
      onOpenChange={opened}
      title={t("title")}
      description={t("description")}
      closeLabel={t("close")}
      trigger={
        <Button type="button" variant="secondary" data-testid="test-send-open">
          <FlaskConical className="size-4" aria-hidden />
          {t("open")}
        </Button>
      }
    >
      <div className="space-y-4 text-sm">
        <div className="grid grid-cols-2 gap-3">
          <label className="space-y-1">
            <span className="block text-xs font-medium text-slate-600">{t("variant")}</span>
            <select
              className="w-full rounded-md border border-slate-300 px-2 py-1.5"
              value={variant?.key ?? ""}
              onChange={(e) => setVariantKey(e.target.value)}
            >
              {snapshot?.variants.map((v) => (
                <option key={v.key} value={v.key}>
                  {v.key}
                </option>
              ))}
            </select>
          </label>
          <label className="space-y-1">
            <span className="block text-xs font-medium text-slate-600">{t("locale")}</span>
            <select
              className="w-full rounded-md border border-slate-300 px-2 py-1.5"
              value={locales.includes(locale) ? locale : (variant?.fallbackLocale ?? "")}
              onChange={(e) => setLocale(e.target.value)}
            >
              {locales.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
        </div>
        <fieldset className="space-y-1">
          <legend className="text-xs font-medium text-slate-600">{t("devices")}</legend>
          {!targets ? (
            <p className="text-slate-500">{t("loading")}</p>
          ) : targets.devices.length === 0 ? (
            <p className="text-slate-500">{t("noDevices")}</p>
          ) : (
            <ul className="max-h-48 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2">
              {targets.devices.map((device) => (
                <li key={device.id}>
                  <label className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      checked={picked.includes(device.id)}
                      onChange={() => toggle(device.id)}
                      data-testid="test-send-device"
                      value={device.installationId}
                    />
                    <span className="font-mono text-xs break-all">{device.installationId}</span>
                    <span className="text-xs text-slate-500">
                      {[
                        enums.has(`platform.${device.platform}`)
                          ? enums(`platform.${device.platform}`)
                          : device.platform,
                        device.channels.map(channelName).join(", "),
                      ]
                        .filter(Boolean)
                        .join(" · ")}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <div className="grid grid-cols-[minmax(0,1fr)_10rem] gap-3">
          <label className="space-y-1">
            <span className="block text-xs font-medium text-slate-600">{t("pasted")}</span>
            <input
              className="w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-xs"
              value={pasted}
              maxLength={4096}
              onChange={(e) => setPasted(e.target.value)}
              placeholder={t("pastedHint")}
            />
          </label>
          <label className="space-y-1">
            <span className="block text-xs font-medium text-slate-600">{t("channel")}</span>
            <select
              className="w-full rounded-md border border-slate-300 px-2 py-1.5"
              value={channel}
              onChange={(e) => setChannel(e.target.value)}
            >
              {(targets?.channels ?? []).map((c) => (
                <option key={c} value={c}>
                  {channelName(c)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {error ? (
          <p role="alert" className="font-medium text-red-700" data-testid="test-send-error">
            {error}
          </p>
        ) : null}
        {results ? (
          <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" data-testid="test-send-results">
            {results.map((result, index) => (
              <li key={`${result.target}-${index}`} className="space-y-0.5 p-2" data-testid="test-send-result">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-mono text-xs break-all">{result.target}</span>
                  <Badge tone={tones[result.outcome]}>{t(`outcome.${result.outcome}`)}</Badge>
                  <span className="text-xs text-slate-500">{channelName(result.channel)}</span>
                </div>
                {result.errorCode ? (
                  <p className="text-xs text-red-700">
                    {t("providerError", { code: result.errorCode })}
                    {result.errorMessage ? ` ${result.errorMessage}` : ""}
                  </p>
                ) : null}
                {result.installationId ? (
                  <a
                    target="_blank"
                    rel="noopener"
                    data-testid="test-send-trace"
                    className="text-xs text-brand-700 hover:underline"
                    href={`/analytics/trace?app=${appId}&installationId=${result.installationId}`}
                  >
                    {t("openTrace")}
                  </a>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        <div className="flex justify-end">
          <Button
            type="button"
            onClick={send}
            disabled={pending || !snapshot || (!picked.length && !pasted.trim())}
            data-testid="test-send-submit"
          >
            {pending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null}
            {pending ? t("sending") : t("send")}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

// A stored draft's button (its page): tests the saved content.
export function StoredTestSend({ campaign: c }: { campaign: StoredTestCampaign }) {
  const content = (): TestSendContent => ({
    type: c.type,
    delivery: {
      priority: c.priority,
      ...(c.ttlSeconds !== null ? { ttlSeconds: c.ttlSeconds } : {}),
      ...(c.collapseKey ? { collapseKey: c.collapseKey } : {}),
      ...(c.sound ? { sound: c.sound } : {}),
      ...(c.badge !== null ? { badge: c.badge } : {}),
      channels: c.channels,
    },
    variants: c.variants.map((v) => ({
      key: v.key,
      fallbackLocale: v.fallbackLocale,
      content: (v.content ?? {}) as Record<string, unknown>,
    })),
  });
  return <TestSendButton appId={c.appId} campaignId={c.id} content={content} />;
}
