// "Test credentials": checks an app's stored credential for a channel against the vendor, with the
// endpoint settings the dispatcher's adapters get (channels.ts), one line per channel below. Each
// check is the vendor's cheapest proof (a token fetch, JPush's validate-only push, APNs's push to the
// all-zero device token, MiPush's send to a registration id that cannot exist, an MQTT CONNECT, a VAPID
// header signed with the Web Push pair, an XMPP login, an SMS provider's read-only call). A refusal is
// recorded on the credential the way the dispatcher records one (lastError, shown on the app page); a
// pass clears it.
import "server-only";
import type { CredentialChannel, CredentialSecret } from "@/lib/channels";
import { db } from "@/server/db";
import { loadCredential, recordCredentialError } from "@/server/apps/credentials";
import { verifyApnsCredential } from "./providers/apns/provider";
import { apnsSettingsFromEnv } from "./providers/apns/settings";
import { verifyFcmCredential } from "./providers/fcm/verify";
import { verifyHmsCredential } from "./providers/hms/provider";
import { hmsSettingsFromEnv } from "./providers/hms/settings";
import { verifyHonorCredential } from "./providers/honor/provider";
import { honorSettingsFromEnv } from "./providers/honor/settings";
import { jpushDefaultBaseUrl, verifyJpushCredential } from "./providers/jpush/provider";
import { openMqttConnection } from "./providers/mqtt/connect";
import { oppoSettingsFromEnv, verifyOppoCredential } from "./providers/oppo/provider";
import { vendorEndpointFromEnv } from "./providers/vendor-https";
import { vivoDefaultBaseUrl } from "./providers/vivo/settings";
import { verifyVivoCredential } from "./providers/vivo/verify";
import { verifyAliyunCredential } from "@/server/dispatch/providers/sms/aliyun";
import { smsEndpointFromEnv } from "@/server/dispatch/providers/sms/endpoint";
import { verifyTwilioCredential } from "@/server/dispatch/providers/sms/twilio";
import { verifyWebPushCredential } from "./providers/webpush/vapid";
import { verifyXiaomiCredential, xiaomiSettingsFromEnv } from "./providers/xiaomi/provider";
import { verifyXmppCredential } from "./providers/xmpp/provider";

// The vendor's answer: ok, or its code and message.
export type CredentialCheck = { ok: true } | { ok: false; code: string; message: string };

type Verify<C extends CredentialChannel> = (secret: CredentialSecret<C>) => Promise<CredentialCheck>;

// How long an MQTT check waits for the broker's CONNACK.
const MQTT_CHECK_TIMEOUT_MS = 10_000;

// Connects to the app's broker with its login and disconnects at once.
async function verifyMqttCredential(secret: CredentialSecret<"mqtt">): Promise<CredentialCheck> {
  try {
    const { client } = await openMqttConnection(secret, {
      timeoutMs: MQTT_CHECK_TIMEOUT_MS,
      clientIdPrefix: "herald-check",
    });
    await client.endAsync().catch(() => undefined);
    return { ok: true };
  } catch (error) {
    const reason = error as { code?: unknown; message?: unknown };
    return {
      ok: false,
      code: typeof reason.code === "string" ? reason.code : "mqtt_connect_failed",
      message: typeof reason.message === "string" ? reason.message : String(error),
    };
  }
}

// Read at each check, as channels.ts reads it when a provider is built.
const env = process.env;

// One line per channel with a credential: the vendor's check with the dispatcher's settings.
const verifiers: { [C in CredentialChannel]: Verify<C> } = {
  fcm: (secret) => verifyFcmCredential(secret),
  // A push to an all-zero token: 400 BadDeviceToken proves key, ids and bundle id (provider.ts).
  apns: (secret) => verifyApnsCredential(secret, apnsSettingsFromEnv(env)),
  mqtt: (secret) => verifyMqttCredential(secret),
  hms: (secret) => verifyHmsCredential(secret, hmsSettingsFromEnv(env)),
  honor: (secret) => verifyHonorCredential(secret, honorSettingsFromEnv(env)),
  xiaomi: (secret) => verifyXiaomiCredential(secret, xiaomiSettingsFromEnv(env)),
  oppo: (secret) => verifyOppoCredential(secret, oppoSettingsFromEnv(env)),
  vivo: (secret) => verifyVivoCredential(secret, { endpoint: vendorEndpointFromEnv("vivo", vivoDefaultBaseUrl, env) }),
  jpush: (secret) =>
    verifyJpushCredential(secret, { endpoint: vendorEndpointFromEnv("jpush", jpushDefaultBaseUrl, env) }),
  // Connects and authenticates (component handshake or SASL login), then disconnects.
  xmpp: (secret) => verifyXmppCredential(secret),
  // Twilio: the account resource (needs SID and token, sends nothing). Aliyun: QuerySmsSignList, read-only,
  // proves the AccessKey and its signature and that the sign name exists; SendSms would cost money.
  sms: (secret) =>
    secret.provider === "twilio"
      ? verifyTwilioCredential(secret, smsEndpointFromEnv("twilio", env))
      : verifyAliyunCredential(secret, smsEndpointFromEnv("aliyun_sms", env)),
  webpush: (secret) => verifyWebPushCredential(secret),
};

// Checks the stored credential of `appId` for `channel`; null when the app has none. A thrown error
// (a bug, not the vendor's answer) is reported as the check's failure, never as a pass.
export async function verifyStoredCredential(
  appId: string,
  channel: CredentialChannel,
): Promise<CredentialCheck | null> {
  const secret = await loadCredential(appId, channel);
  if (!secret) return null;
  let check: CredentialCheck;
  try {
    check = await (verifiers[channel] as Verify<CredentialChannel>)(secret);
  } catch (error) {
    check = { ok: false, code: "CHECK_FAILED", message: (error as Error).message ?? String(error) };
  }
  if (check.ok) {
    await db.providerCredential.updateMany({
      where: { appId, channel, lastError: { not: null } },
      data: { lastError: null, lastErrorAt: null },
    });
  } else {
    await recordCredentialError(appId, channel, `${check.code}: ${check.message}`);
  }
  return check;
}
