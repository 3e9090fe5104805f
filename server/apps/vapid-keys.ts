// An app's VAPID key pair, generated on first use: the device API serves its public key to sites
// (GET /api/v1/webpush/vapid-public-key) and the dispatcher signs with it. Two first calls at once
// end with one pair: each inserts its own pair only if the app has none (the unique (appId, channel)
// row decides), then both read back the row that won. Stored sealed as the app's `webpush`
// ProviderCredential like any credential; an admin may replace it on the app page. Also completes
// the credential the app page saves (generates the pair when the form left the keys empty, checks an
// imported pair).
import "server-only";
import type { Prisma } from "@/server/generated/prisma/client";
import type { WebPushSecret } from "@/lib/channels/webpush";
import { webpushChannel } from "@/lib/channels/webpush";
import { sealCredential, unsealCredential } from "./credential-seal";
import { db } from "@/server/db";
import { UserError } from "@/server/errors";
import { generateVapidKeys, vapidKeyPairProblem } from "@/server/dispatch/providers/webpush/vapid";

// The contact subject of a generated pair: the app's https web origin, else HERALD_VAPID_SUBJECT, else
// a mailto: at HERALD_PUBLIC_URL's host (an admin can change it on the app page).
export function defaultVapidSubject(
  webOrigin: string | null | undefined,
  env: Record<string, string | undefined> = process.env,
): string {
  if (webOrigin && /^https:\/\//i.test(webOrigin)) return webOrigin;
  if (env.HERALD_VAPID_SUBJECT) return env.HERALD_VAPID_SUBJECT;
  let host = "herald.invalid";
  try {
    if (env.HERALD_PUBLIC_URL) host = new URL(env.HERALD_PUBLIC_URL).hostname || host;
  } catch {
    // keep the default
  }
  return `mailto:webpush@${host}`;
}

// The app's key pair, generated and stored when it has none. Null when the app does not exist.
export async function ensureVapidKeys(appId: string): Promise<WebPushSecret | null> {
  const existing = await db.providerCredential.findUnique({
    where: { appId_channel: { appId, channel: "webpush" } },
    select: { secretSealed: true },
  });
  if (existing) return unsealCredential(appId, "webpush", existing.secretSealed);
  const app = await db.app.findUnique({ where: { id: appId }, select: { webOrigin: true } });
  if (!app) return null;
  const secret: WebPushSecret = { subject: defaultVapidSubject(app.webOrigin), ...generateVapidKeys() };
  const summary = webpushChannel.credential.summary(secret) as Prisma.InputJsonValue;
  // ON CONFLICT DO NOTHING: the loser of a race keeps nothing of its own pair.
  await db.providerCredential.createMany({
    data: [{ appId, channel: "webpush", summary, secretSealed: sealCredential(appId, "webpush", secret) }],
    skipDuplicates: true,
  });
  const stored = await db.providerCredential.findUniqueOrThrow({
    where: { appId_channel: { appId, channel: "webpush" } },
    select: { secretSealed: true },
  });
  return unsealCredential(appId, "webpush", stored.secretSealed);
}

// The secret the app page saves: a generated pair when the form left both keys empty; an imported
// pair must be P-256 and belong together (field errors otherwise, keys under "apps.errors").
export function completeWebPushSecret(secret: WebPushSecret): WebPushSecret {
  if (!secret.publicKey && !secret.privateKey) return { subject: secret.subject, ...generateVapidKeys() };
  const problem = vapidKeyPairProblem(secret.publicKey, secret.privateKey);
  if (problem === "mismatch")
    throw new UserError("Please correct the highlighted fields.", { privateKey: ["webpushKeyMismatch"] }, 400);
  if (problem)
    throw new UserError(
      "Please correct the highlighted fields.",
      { [problem]: [problem === "publicKey" ? "webpushPublicKeyInvalid" : "webpushPrivateKeyInvalid"] },
      400,
    );
  return secret;
}
