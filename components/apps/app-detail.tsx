// The app detail page body: settings, routing policy, the API key (prefix and rotation) and provider
// credentials.
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getTimeFormat } from "@/components/time/server-time";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import type { CredentialChannel } from "@/lib/channels";
import { deviceChannels } from "@/lib/channels/devices";
import { signalOnlyChannels } from "@/lib/routing/policy";
import type { CredentialView, RoutingView, SmsPolicyView } from "@/server/apps/queries";
import type { ReceiptSetup } from "@/server/receipts/receipt-urls";
import type { AppSummary } from "@/lib/apps/types";
import { AppSettingsForm } from "./app-settings-form";
import { CredentialCard } from "./credential-card";
import { DeviceConnectionCard, type DeviceConnectionBroker } from "./device-connection-card";
import { RotateKeyButton } from "./rotate-key-button";
import { RoutingPolicyEditor } from "./routing-policy-editor";
import { SmsPolicyEditor } from "./sms-policy-editor";

interface Props {
  app: AppSummary;
  credentials: CredentialView[];
  routing: RoutingView;
  // The MQTT broker as the app's devices reach it, for the "Device connection" card.
  broker: DeviceConnectionBroker;
  sms: SmsPolicyView;
  channels: CredentialChannel[];
  timeZones: string[];
  canManageApp: boolean;
  canManageCredentials: boolean;
  // Where each vendor sends receipts (null: HERALD_PUBLIC_URL unset, or not for this viewer).
  receipts?: Partial<Record<string, ReceiptSetup>> | null;
}

export async function AppDetail({
  app,
  credentials,
  routing,
  broker,
  sms,
  channels,
  timeZones,
  canManageApp,
  canManageCredentials,
  receipts = null,
}: Props) {
  const t = await getTranslations("apps");
  const zoned = await getTimeFormat(app.timezone);
  const values = {
    name: app.name,
    androidPackage: app.androidPackage ?? "",
    iosBundleId: app.iosBundleId ?? "",
    webOrigin: app.webOrigin ?? "",
    timezone: app.timezone,
    quietHoursStart: app.quietHoursStart,
    quietHoursEnd: app.quietHoursEnd,
    approvalThreshold: String(app.approvalThreshold),
    promoCapPerDay: app.promoCapPerDay === null ? "" : String(app.promoCapPerDay),
    promoCapPerWeek: app.promoCapPerWeek === null ? "" : String(app.promoCapPerWeek),
    vendorQuotaPolicy: app.vendorQuotaPolicy,
  };
  return (
    <>
      <Link href="/apps" className="mb-3 inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
        <ArrowLeft className="size-4" aria-hidden />
        {t("back")}
      </Link>
      <PageHeader title={app.name} description={t("detail.description", { count: app.deviceCount })} />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-6">
          <Card title={t("settings.title")}>
            <AppSettingsForm appId={app.id} values={values} timeZones={timeZones} canManage={canManageApp} />
          </Card>
          <Card title={t("routing.title")}>
            <RoutingPolicyEditor
              appId={app.id}
              rules={routing.rules}
              channels={deviceChannels.filter((channel) => !signalOnlyChannels.includes(channel))}
              isDefault={routing.isDefault}
              missingCredential={routing.missingCredential}
              unavailable={routing.unavailable}
              canManage={canManageApp}
            />
          </Card>
          <Card title={t("smsPolicy.title")}>
            <SmsPolicyEditor
              appId={app.id}
              policy={sms.policy}
              hasCredential={sms.hasCredential}
              canManage={canManageApp}
            />
          </Card>
        </div>
        <div className="space-y-6">
          <Card
            title={t("key.title")}
            actions={canManageApp ? <RotateKeyButton appId={app.id} appName={app.name} /> : null}
          >
            <dl className="space-y-2 text-sm">
              <div>
                <dt className="text-slate-500">{t("key.prefix")}</dt>
                <dd>
                  <code className="font-mono">{app.apiKeyPrefix}_…</code>
                </dd>
              </div>
              <div>
                <dt className="text-slate-500">{t("key.rotatedAt")}</dt>
                <dd>{zoned.time(app.apiKeyRotatedAt)}</dd>
              </div>
            </dl>
            <p className="mt-3 text-xs text-slate-500">{t("key.hint")}</p>
          </Card>
          <DeviceConnectionCard appId={app.id} broker={broker} />
          <section aria-labelledby="credentials-heading" className="space-y-3">
            <div>
              <h2 id="credentials-heading" className="text-base font-semibold text-slate-900">
                {t("credentials.title")}
              </h2>
              <p className="text-sm text-slate-600">{t("credentials.description")}</p>
            </div>
            {channels.map((channel) => (
              <CredentialCard
                key={channel}
                appId={app.id}
                channel={channel}
                credential={credentials.find((c) => c.channel === channel) ?? null}
                canManage={canManageCredentials}
                receipts={receipts?.[channel] ?? null}
              />
            ))}
          </section>
        </div>
      </div>
    </>
  );
}
