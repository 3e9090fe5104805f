"use server";
// The "test credentials" server action of the app page: checks an app's stored credential for a channel
// against the vendor (verify-credential.ts) and returns ok or the vendor's code and message. Only staff
// who may manage credentials can run it; a stored credential is checked at most once every few seconds,
// so the button cannot be used to hammer a vendor (or to lock an app out of it through the vendor's
// own rate limits).
import { z } from "zod";
import { credentialChannels } from "@/lib/channels";
import { defineAction } from "@/server/action";
import { writeAudit } from "@/server/audit/write";
import { db } from "@/server/db";
import { NotFoundError, TooManyError } from "@/server/errors";
import { refreshPath } from "@/server/revalidate";
import { verifyStoredCredential } from "./verify-credential";

// Least time between two checks of one app's credential for one channel (per process).
const CHECK_INTERVAL_MS = 5_000;
// App, channel and stored secret -> when its last check started.
const lastChecks = new Map<string, number>();

// Claims the right to check now, or throws TooManyError with how long to wait.
function claimCheck(key: string, now = Date.now()): void {
  const last = lastChecks.get(key);
  if (last !== undefined && now - last < CHECK_INTERVAL_MS) {
    const wait = Math.ceil((CHECK_INTERVAL_MS - (now - last)) / 1000);
    throw new TooManyError(`This credential was just checked; try again in ${wait} s.`, wait, "credentialCheckTooSoon");
  }
  lastChecks.set(key, now);
  // Old entries go so the map stays as small as the number of recently checked credentials.
  for (const [other, at] of lastChecks) if (now - at >= CHECK_INTERVAL_MS) lastChecks.delete(other);
}

const checkInput = z.object({
  appId: z.uuid("appIdInvalid"),
  channel: z.enum(credentialChannels, "channelInvalid"),
});

// Checks the credential against the vendor; records a refusal on it (or clears the last one).
export const testCredential = defineAction(
  { name: "credentials.test", permission: "credentials.manage", input: checkInput },
  async ({ appId, channel }, { user }) => {
    const stored = await db.providerCredential.findUnique({
      where: { appId_channel: { appId, channel } },
      select: { secretSealed: true },
    });
    if (!stored) throw new NotFoundError("Credential");
    // A replaced credential (sealed afresh, with a new IV and tag) may be checked at once.
    claimCheck(`${appId}|${channel}|${stored.secretSealed.slice(-24)}`);
    const check = await verifyStoredCredential(appId, channel);
    if (!check) throw new NotFoundError("Credential");
    await db.$transaction((tx) =>
      writeAudit(tx, user, {
        action: "credentials.test",
        targetType: "ProviderCredential",
        targetId: channel,
        appId,
        diff: { channel, result: check.ok ? "ok" : check.code },
      }),
    );
    refreshPath(`/apps/${appId}`);
    return check.ok
      ? { channel, ok: true as const, checkedAt: new Date().toISOString() }
      : {
          channel,
          ok: false as const,
          code: check.code,
          message: check.message.slice(0, 500),
          checkedAt: new Date().toISOString(),
        };
  },
);
