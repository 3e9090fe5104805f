// Helpers for dispatch tests that send through the real FCM provider to the fake FCM server: an app
// with a (fake) service-account key and devices, the environment a worker process needs to reach the
// fake, and polling with a description of what was awaited.
import type { StaffUser } from "@/server/auth/session";
import { saveCredential } from "@/server/apps/actions";
import { db } from "@/server/db";
import { fakeServiceAccount } from "../fakes/fcm/service-account";
import { insertDevices } from "./dispatch";
import { createApp } from "./fixtures";

// An app whose FCM key (saved through the real credentials action) the fake accepts, with `devices`
// active Android FCM devices whose tokens are `tok-<prefix>-1` ... `tok-<prefix>-<devices>`. Its
// approval threshold is above the audience, so an editor's campaign is scheduled at once.
export async function seedFcmApp(admin: StaffUser, devices: number, prefix: string) {
  const { app } = await createApp();
  await db.app.update({ where: { id: app.id }, data: { approvalThreshold: devices + 1 } });
  const saved = await saveCredential.runAs(admin, {
    appId: app.id,
    channel: "fcm",
    serviceAccountJson: JSON.stringify(fakeServiceAccount()),
  });
  if (!saved.ok) throw new Error(`saving the FCM key failed: ${JSON.stringify(saved)}`);
  await insertDevices(app.id, devices, { prefix });
  return { app, tokens: Array.from({ length: devices }, (_, i) => `tok-${prefix}-${i + 1}`) };
}

// Environment for a worker process that sends FCM to the fake at `url` (certificate in `caFile`).
export function fakeFcmWorkerEnv(
  fake: { url: string; caFile: string },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    HERALD_FCM_ENDPOINT: fake.url,
    HERALD_FCM_CA_FILE: fake.caFile,
    HERALD_ENCRYPTION_KEY: process.env.HERALD_ENCRYPTION_KEY!,
    ...extra,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Polls `probe` until it returns a value other than undefined; throws with `what` and the last
// observation (`describe`) after `timeoutMs`. Errors from the probe count as "not yet".
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; everyMs?: number; describe?: () => Promise<unknown> },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = options.describe ? await options.describe().catch((error: unknown) => String(error)) : undefined;
      throw new Error(
        `timed out after ${options.timeoutMs} ms waiting for ${what}; last seen ` +
          `${JSON.stringify(seen)}${lastError ? `; ` + `last error ${String(lastError)}` : ""}`,
      );
    }
    await sleep(options.everyMs ?? 100);
  }
}
