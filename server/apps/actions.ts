"use server";
// Server actions for apps: create, edit settings, rotate the API key, and provider credentials.
// Each change and its audit entry are written in one transaction; keys and secrets are never logged.
import { z } from "zod";
import { defineAction, zodFieldErrors } from "@/server/action";
import { changes, saveChanges, writeAudit } from "@/server/audit/write";
import { newApiKey } from "@/server/crypto";
import { db, type Tx } from "@/server/db";
import { NotFoundError, uniqueAs, UserError } from "@/server/errors";
import { Prisma } from "@/server/generated/prisma/client";
import { credentialChannels, parseCredential } from "@/lib/channels";
import { routingPolicySchema } from "@/lib/routing/policy";
import { smsPolicySchema } from "@/lib/sms/policy";
import { sealCredential } from "./credential-seal";
import { completeWebPushSecret } from "./vapid-keys";
import { webpushChannel, type WebPushSecret } from "@/lib/channels/webpush";
import { clearApiKeyCache } from "./api-keys";
import { refreshPath } from "@/server/revalidate";
import {
  appIdInput,
  appSettingsColumns,
  appSettingsSelect,
  createAppInput,
  routingPolicyInput,
  smsPolicyInput,
  updateAppInput,
  type AppSettings,
} from "./schema";

const nameTaken = () => new UserError("An app with this name already exists.", { name: ["nameTaken"] }, 409);

// Names are unique regardless of case, so "Demo" and "demo" cannot both exist.
async function assertNameFree(tx: Tx, name: string, exceptId?: string) {
  const clash = await tx.app.findFirst({
    where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw nameTaken();
}

// Only the settings columns of an input (an update's also carries the app id).
function settingsData(input: AppSettings): AppSettings {
  return Object.fromEntries(appSettingsColumns.map((column) => [column, input[column]])) as AppSettings;
}

function withoutNulls<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as Partial<T>;
}

// Creates an app and returns its API key, which is shown once and never stored in clear.
export const createApp = defineAction(
  { name: "apps.create", permission: "apps.manage", input: createAppInput },
  async (input, { user }) => {
    const key = newApiKey();
    const data = settingsData(input);
    const app = await db
      .$transaction(async (tx) => {
        await assertNameFree(tx, data.name);
        const created = await tx.app.create({
          data: { ...data, apiKeyPrefix: key.prefix, apiKeyHash: key.hash },
          select: { id: true },
        });
        await writeAudit(tx, user, {
          action: "apps.create",
          targetType: "App",
          targetId: created.id,
          appId: created.id,
          diff: changes({} as Record<string, unknown>, withoutNulls(data)) as Prisma.InputJsonValue,
        });
        return created;
      })
      .catch(uniqueAs(nameTaken));
    refreshPath("/apps");
    return { appId: app.id, apiKey: key.key, apiKeyPrefix: key.prefix };
  },
);

// Saves an app's settings (name, identifiers, time zone, quiet hours, approval threshold, promotion caps).
export const updateApp = defineAction(
  { name: "apps.update", permission: "apps.manage", input: updateAppInput },
  async (input, { user }) => {
    const data = settingsData(input);
    await db
      .$transaction(async (tx) => {
        const before = await tx.app.findUnique({
          where: { id: input.appId },
          select: appSettingsSelect,
        });
        if (!before) throw new NotFoundError("App");
        await assertNameFree(tx, data.name, input.appId);
        const save = () => tx.app.update({ where: { id: input.appId }, data });
        await saveChanges(
          tx,
          user,
          { before, after: data, save },
          {
            action: "apps.update",
            targetType: "App",
            targetId: input.appId,
            appId: input.appId,
          },
        );
      })
      .catch(uniqueAs(nameTaken));
    refreshPath("/apps");
    refreshPath(`/apps/${input.appId}`);
    return { appId: input.appId };
  },
);

// A stored routing policy in the key order the schema gives a submitted one (unparsable: as stored).
function storedPolicy(stored: Prisma.JsonValue | null): unknown {
  if (stored === null) return null;
  const parsed = routingPolicySchema.safeParse(stored);
  return parsed.success ? parsed.data : stored;
}

// Saves an app's routing policy (the channels each kind of phone is sent on, in order), or clears
// it (null) so the app follows Herald's defaults. The policy was validated by routingPolicySchema.
export const saveRoutingPolicy = defineAction(
  { name: "apps.routing", permission: "apps.manage", input: routingPolicyInput },
  async ({ appId, policy }, { user }) => {
    await db.$transaction(async (tx) => {
      const before = await tx.app.findUnique({ where: { id: appId }, select: { routingPolicy: true } });
      if (!before) throw new NotFoundError("App");
      await saveChanges(
        tx,
        user,
        {
          // Read back through the schema: jsonb reorders keys, and the comparison is by JSON text.
          before: { routingPolicy: storedPolicy(before.routingPolicy) },
          after: { routingPolicy: policy },
          save: () =>
            tx.app.update({
              where: { id: appId },
              data: { routingPolicy: policy === null ? Prisma.DbNull : (policy as unknown as Prisma.InputJsonValue) },
            }),
        },
        { action: "apps.routing", targetType: "App", targetId: appId, appId },
      );
    });
    refreshPath(`/apps/${appId}`);
    return { appId };
  },
);

// Saves an app's SMS signalling policy: whether SMS stands in for an unconfirmed push, for which
// campaign kinds, after how many minutes, the signal text and the price table. Audited as a diff.
export const saveSmsPolicy = defineAction(
  { name: "apps.sms", permission: "apps.manage", input: smsPolicyInput },
  async ({ appId, policy }, { user }) => {
    await db.$transaction(async (tx) => {
      const before = await tx.app.findUnique({ where: { id: appId }, select: { smsPolicy: true } });
      if (!before) throw new NotFoundError("App");
      const stored = before.smsPolicy === null ? null : smsPolicySchema.safeParse(before.smsPolicy);
      await saveChanges(
        tx,
        user,
        {
          before: { smsPolicy: stored === null ? null : stored.success ? stored.data : before.smsPolicy },
          after: { smsPolicy: policy },
          save: () =>
            tx.app.update({ where: { id: appId }, data: { smsPolicy: policy as unknown as Prisma.InputJsonValue } }),
        },
        { action: "apps.sms", targetType: "App", targetId: appId, appId },
      );
    });
    refreshPath(`/apps/${appId}`);
    return { appId };
  },
);

// Replaces an app's API key: the new one is returned once. The old key stops working at once in
// this process and within the API's 30-second key cache in any other app process.
export const rotateApiKey = defineAction(
  { name: "apps.rotateKey", permission: "apps.manage", input: appIdInput },
  async ({ appId }, { user }) => {
    const key = newApiKey();
    await db.$transaction(async (tx) => {
      const updated = await tx.app.updateMany({
        where: { id: appId },
        data: { apiKeyPrefix: key.prefix, apiKeyHash: key.hash, apiKeyRotatedAt: new Date() },
      });
      if (updated.count === 0) throw new NotFoundError("App");
      await writeAudit(tx, user, {
        action: "apps.rotateKey",
        targetType: "App",
        targetId: appId,
        appId,
        diff: { apiKey: "(changed)" },
      });
    });
    clearApiKeyCache();
    refreshPath(`/apps/${appId}`);
    refreshPath("/apps");
    return { apiKey: key.key, apiKeyPrefix: key.prefix };
  },
);

const credentialTarget = z.looseObject({
  appId: z.uuid("appIdInvalid"),
  channel: z.enum(credentialChannels, "channelInvalid"),
});

// An APNs form whose bundle id was left empty takes the app's iOS bundle id (the apns-topic).
async function withIosBundleId(appId: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (typeof input.bundleId === "string" && input.bundleId.trim()) return input;
  const app = await db.app.findUnique({ where: { id: appId }, select: { iosBundleId: true } });
  return app?.iosBundleId ? { ...input, bundleId: app.iosBundleId } : input;
}

// Stores (or replaces) an app's credential for a channel, sealed; only its summary stays readable.
export const saveCredential = defineAction(
  { name: "credentials.save", permission: "credentials.manage", input: credentialTarget },
  async (input, { user }) => {
    const { appId, channel } = input;
    const parsed = parseCredential(channel, channel === "apns" ? await withIosBundleId(appId, input) : input);
    if (!parsed.ok) {
      // Nested paths (serviceAccountJson.private_key) are reported on the form field they came from.
      const fieldErrors: Record<string, string[]> = {};
      for (const [path, messages] of Object.entries(zodFieldErrors(parsed.error)))
        (fieldErrors[path.split(".")[0]] ??= []).push(...messages);
      throw new UserError("Please correct the highlighted fields.", fieldErrors, 400);
    }
    // Web Push: a pair is generated when the form left the keys empty, an imported one is checked.
    const secret = channel === "webpush" ? completeWebPushSecret(parsed.secret as WebPushSecret) : parsed.secret;
    const summary = channel === "webpush" ? webpushChannel.credential.summary(secret as WebPushSecret) : parsed.summary;
    await db.$transaction(async (tx) => {
      const app = await tx.app.findUnique({ where: { id: appId }, select: { id: true } });
      if (!app) throw new NotFoundError("App");
      const before = await tx.providerCredential.findUnique({
        where: { appId_channel: { appId, channel } },
        select: { summary: true },
      });
      const secretSealed = sealCredential(appId, channel, secret);
      await tx.providerCredential.upsert({
        where: { appId_channel: { appId, channel } },
        create: { appId, channel, summary, secretSealed },
        update: { summary, secretSealed, lastError: null, lastErrorAt: null, lastSucceededAt: null },
      });
      const diff = {
        channel,
        ...changes((before?.summary ?? {}) as Record<string, unknown>, summary),
        secret: "(changed)",
      };
      await writeAudit(tx, user, {
        action: "credentials.save",
        targetType: "ProviderCredential",
        targetId: channel,
        appId,
        diff,
      });
    });
    refreshPath(`/apps/${appId}`);
    return { channel, summary };
  },
);

// Deletes an app's credential for a channel; that channel stops sending for the app.
export const removeCredential = defineAction(
  { name: "credentials.remove", permission: "credentials.manage", input: credentialTarget },
  async ({ appId, channel }, { user }) => {
    await db.$transaction(async (tx) => {
      const before = await tx.providerCredential.findUnique({
        where: { appId_channel: { appId, channel } },
        select: { id: true, summary: true },
      });
      if (!before) throw new NotFoundError("Credential");
      await tx.providerCredential.delete({ where: { id: before.id, appId } });
      const diff = {
        channel,
        ...changes(
          before.summary as Record<string, unknown>,
          Object.fromEntries(Object.keys(before.summary as object).map((k) => [k, null])),
        ),
        secret: "(removed)",
      };
      await writeAudit(tx, user, {
        action: "credentials.remove",
        targetType: "ProviderCredential",
        targetId: channel,
        appId,
        diff: diff as Prisma.InputJsonValue,
      });
    });
    refreshPath(`/apps/${appId}`);
    return { channel };
  },
);
