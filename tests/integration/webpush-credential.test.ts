// The Web Push credential on the app page: saved with empty keys it is a generated pair, an imported
// pair must be P-256 and belong together (field errors otherwise), the summary shows the subject and
// public key but never the private key, the audit records no secret, and "test credentials" signs a
// VAPID header with the stored pair.
import { describe, expect, it } from "vitest";
import { saveCredential } from "@/server/apps/actions";
import { loadCredential } from "@/server/apps/credentials";
import { db } from "@/server/db";
import { verifyStoredCredential } from "@/server/dispatch/verify-credential";
import { generateVapidKeys } from "@/server/dispatch/providers/webpush/vapid";
import { createApp, createUser } from "../support/fixtures";

describe("credentials.save (Web Push)", () => {
  it("generates a pair when the keys are left empty; the summary shows only subject and public key", async () => {
    const admin = await createUser("admin");
    const { app } = await createApp();
    const result = await saveCredential.runAs(admin, {
      appId: app.id,
      channel: "webpush",
      subject: "mailto:ops@news.example",
      publicKey: "",
      privateKey: "",
    });
    expect(result.ok).toBe(true);
    const stored = await loadCredential(app.id, "webpush");
    expect(stored?.publicKey).toMatch(/^B[A-Za-z0-9_-]{86}$/);
    expect(stored?.privateKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result).toMatchObject({
      data: { summary: { subject: "mailto:ops@news.example", publicKey: stored!.publicKey } },
    });
    const audit = JSON.stringify(await db.auditLog.findMany({ where: { appId: app.id }, select: { diff: true } }));
    expect(audit).not.toContain(stored!.privateKey);
    await expect(verifyStoredCredential(app.id, "webpush")).resolves.toEqual({ ok: true });
  });

  it("imports an existing pair, and refuses a pair that does not belong together or is not P-256", async () => {
    const admin = await createUser("admin");
    const { app } = await createApp();
    const pair = generateVapidKeys();
    const save = (input: Record<string, string>) =>
      saveCredential.runAs(admin, { appId: app.id, channel: "webpush", subject: "https://news.example", ...input });
    expect((await save(pair)).ok).toBe(true);
    expect(await loadCredential(app.id, "webpush")).toEqual({ subject: "https://news.example", ...pair });
    const mismatch = await save({ publicKey: pair.publicKey, privateKey: generateVapidKeys().privateKey });
    expect(mismatch).toMatchObject({ ok: false, fieldErrors: { privateKey: ["webpushKeyMismatch"] } });
    const short = await save({ publicKey: pair.publicKey.slice(0, 60), privateKey: pair.privateKey });
    expect(short).toMatchObject({ ok: false, fieldErrors: { publicKey: ["webpushPublicKeyInvalid"] } });
    const half = await save({ publicKey: pair.publicKey });
    expect(half).toMatchObject({ ok: false, fieldErrors: { privateKey: ["webpushKeyPairIncomplete"] } });
    const subject = await saveCredential.runAs(admin, {
      appId: app.id,
      channel: "webpush",
      subject: "http://x.example",
    });
    expect(subject).toMatchObject({ ok: false, fieldErrors: { subject: ["webpushSubjectInvalid"] } });
    // The refused saves left the imported pair in place.
    expect(await loadCredential(app.id, "webpush")).toEqual({ subject: "https://news.example", ...pair });
  });
});
