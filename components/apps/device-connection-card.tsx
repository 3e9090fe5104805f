"use client";
// The app page's "Device connection" card: what an SDK developer needs to reach this app's devices
// over MQTT. The app id (copyable: it is the <appId> of every topic), the broker address devices use
// (the embedded broker's host and port when no other is configured, the same address registrations
// answer), the topic pattern and who issues the devices' logins (server/mqtt/device-access.ts).
import { Check, Copy } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

// The broker as devices see it (server/mqtt/device-access.ts DeviceBroker).
export interface DeviceConnectionBroker {
  brokerUrl: string;
  topicPrefix: string;
  logins: "herald" | "broker";
  source: "app" | "default" | "embedded";
}

interface Props {
  appId: string;
  broker: DeviceConnectionBroker;
}

export function DeviceConnectionCard({ appId, broker }: Props) {
  const t = useTranslations("apps.connection");
  const common = useTranslations("common");
  const [copied, setCopied] = useState(false);
  async function copy() {
    await navigator.clipboard.writeText(appId).catch(() => undefined);
    setCopied(true);
  }
  const base = `${broker.topicPrefix}/${appId}/devices/<installationId>`;
  const code = "rounded bg-slate-50 px-1.5 py-0.5 font-mono text-xs break-all";
  return (
    <Card title={t("title")}>
      <p className="mb-3 text-sm text-slate-600">{t("description")}</p>
      <dl className="space-y-3 text-sm">
        <div>
          <dt className="text-slate-500">{t("appId")}</dt>
          <dd className="mt-1 flex items-center gap-2">
            <code className={code} data-testid="app-id">
              {appId}
            </code>
            <Button variant="secondary" onClick={copy} aria-live="polite">
              {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
              {copied ? common("copied") : common("copy")}
            </Button>
          </dd>
          <dd className="mt-1 text-xs text-slate-500">{t("appIdHint")}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("broker")}</dt>
          <dd className="mt-1">
            <code className={code} data-testid="device-broker">
              {broker.brokerUrl}
            </code>
          </dd>
          <dd className="mt-1 text-xs text-slate-500">{t(`source.${broker.source}`)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("topics")}</dt>
          <dd className="mt-1 space-y-1">
            <div>
              <code className={code}>{`${base}/messages`}</code>
              <span className="ml-2 text-xs text-slate-500">{t("messagesTopic")}</span>
            </div>
            <div>
              <code className={code}>{`${base}/receipts`}</code>
              <span className="ml-2 text-xs text-slate-500">{t("receiptsTopic")}</span>
            </div>
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("logins")}</dt>
          <dd className="mt-1 text-slate-700">
            {broker.logins === "herald" ? t("loginsHerald", { login: `${appId}:<installationId>` }) : t("loginsBroker")}
          </dd>
        </div>
      </dl>
    </Card>
  );
}
