// One app: settings, routing policy, API key rotation and provider credentials.
import { notFound } from "next/navigation";
import { z } from "zod";
import { AppDetail } from "@/components/apps/app-detail";
import { can } from "@/lib/permissions";
import { credentialChannels } from "@/lib/channels";
import { getAppDetail } from "@/server/apps/queries";
import { deviceBroker } from "@/server/mqtt/device-access";
import { timeZones } from "@/server/apps/time";
import { requirePageUser } from "@/server/auth/session";
import { receiptSetup } from "@/server/receipts/receipt-urls";
import { smsReceiptSetup } from "@/server/sms/webhook-urls";
import { NotFoundError } from "@/server/errors";
import { TimeZoneScope } from "@/components/time/time-zone-context";
import { setRequestTimeZone } from "@/components/time/server-time";
import { displayZone } from "@/server/preferences/time-zone";

export const dynamic = "force-dynamic";

export default async function AppPage(props: { params: Promise<{ appId: string }> }) {
  const user = await requirePageUser("apps.view");
  const { appId } = await props.params;
  if (!z.uuid().safeParse(appId).success) notFound();
  const detail = await getAppDetail(appId).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const canManageApp = can(user, "apps.manage");
  const canManageCredentials = can(user, "credentials.manage");
  // The broker as the app's devices reach it: its own (the credential's summary), else Herald's default.
  const mqtt = detail.credentials.find((c) => c.channel === "mqtt")?.summary as
    { brokerUrl?: unknown; topicPrefix?: unknown } | undefined;
  const broker = deviceBroker(
    typeof mqtt?.brokerUrl === "string"
      ? { brokerUrl: mqtt.brokerUrl, topicPrefix: typeof mqtt.topicPrefix === "string" ? mqtt.topicPrefix : "herald" }
      : null,
  );
  const zone = await displayZone(detail.app.timezone);
  setRequestTimeZone(zone);
  return (
    <TimeZoneScope zone={zone}>
      <AppDetail
        app={detail.app}
        credentials={detail.credentials}
        routing={detail.routing}
        broker={broker}
        sms={detail.sms}
        channels={credentialChannels}
        timeZones={canManageApp ? timeZones() : []}
        canManageApp={canManageApp}
        canManageCredentials={canManageCredentials}
        // Huawei's receipt key authenticates callbacks: shown only to staff who manage credentials.
        receipts={
          canManageCredentials ? { ...receiptSetup(appId), ...smsReceiptSetup(appId, detail.credentials) } : null
        }
      />
    </TimeZoneScope>
  );
}
