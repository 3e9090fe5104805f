// Test sends: the composer's (or a draft's page's) "Send test" pushes one variant in one locale to a
// few chosen test devices or a pasted token / installation id, now, in the web process, and answers
// per device what the provider said. It goes through the workers' own code: the message is rendered
// by send-batch.ts's render, the channel chosen by the app's routing policy (lib/routing/policy.ts,
// narrowed to the campaign's channels and the app's credentials, as routing.ts does for fan-out), the
// provider built by channels.ts from the app's stored credential. Nothing of the campaign changes (no
// Delivery, no counters, no state, no caps, no rate buckets); each result is one TestSend row, which
// the device trace shows. The message id a device sees is `test-<row id>`, which no receipt or event
// can match to a Delivery (mark-delivered.ts takes only bigint ids).
import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { channelDescription } from "@/lib/channels";
import { deviceChannels, type DeviceChannel, type DevicePlatform } from "@/lib/channels/devices";
import { deliveryOptions, localeTag, variantInput } from "@/lib/campaigns/input";
import { campaignTypes, typePermission } from "@/lib/campaigns/state";
import { can } from "@/lib/permissions";
import { parseAddresses } from "@/lib/devices/addresses";
import { createRouter, routingPolicyOf, signalOnlyChannels } from "@/lib/routing/policy";
import type { StaffUser } from "@/server/auth/session";
import { writeAudit } from "@/server/audit/write";
import { db } from "@/server/db";
import { ForbiddenError, NotFoundError, TooManyError, UserError } from "@/server/errors";
import { inboxRetentionMs, notifyInboxes } from "@/server/inbox/store";
import { sqlPool } from "@/server/sql";
import { testSendEntry } from "./channels";
import { buildDevicePayload, expiryFor } from "./providers/device-payload";
import {
  ProviderConfigurationError,
  type DeliveryOptions,
  type OutgoingMessage,
  type PushProvider,
  type SendResult,
} from "./providers/types";
import { render } from "./send-batch";

// Most targets in one test send, and most test sends per user per minute (per web process).
export const TEST_SEND_MAX_TARGETS = 20;
export const TEST_SEND_PER_MINUTE = 10;
// How long the editor waits for the providers' answers before the rest count as timed out.
export const TEST_SEND_TIMEOUT_MS = 15_000;
// The campaign id a not yet saved composer's test carries (no campaign has it).
const unsavedCampaignId = "00000000-0000-0000-0000-000000000000";

export const testSendInput = z
  .object({
    appId: z.uuid("appInvalid"),
    // The saved campaign being edited, if any (the trace links to it).
    campaignId: z.uuid().optional(),
    type: z.enum(campaignTypes, "typeInvalid"),
    delivery: deliveryOptions,
    variant: variantInput,
    locale: localeTag,
    // Test devices picked from the list (Device ids).
    deviceIds: z.array(z.uuid()).max(TEST_SEND_MAX_TARGETS, "testSendTooMany").default([]),
    // A pasted push token, installation id or device id.
    pasted: z.string().trim().max(4096, "testSendPastedTooLong").optional(),
    // The channel a pasted token is sent through (default: the first the app has a credential for).
    channel: z.enum(deviceChannels).optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (!input.deviceIds.length && !input.pasted)
      ctx.addIssue({ code: "custom", message: "testSendNoTarget", path: ["deviceIds"] });
    if (!input.variant.content[input.locale])
      ctx.addIssue({ code: "custom", message: "testSendLocaleMissing", path: ["locale"] });
  });
export type TestSendInput = z.output<typeof testSendInput>;

export type TestSendOutcome = SendResult["outcome"] | "unreachable";
export interface TestSendResult {
  // What the editor picked: the installation id, or the pasted token shortened.
  target: string;
  deviceId: string | null;
  installationId: string | null;
  channel: DeviceChannel | null;
  outcome: TestSendOutcome;
  errorCode: string | null;
  // The provider's words for a refusal, when it gave more than a code.
  errorMessage: string | null;
}

// Per user: when their recent test sends started.
const recent = new Map<string, number[]>();

function claimRate(userId: string, now = Date.now()) {
  const since = now - 60_000;
  const times = (recent.get(userId) ?? []).filter((at) => at > since);
  if (times.length >= TEST_SEND_PER_MINUTE) {
    const wait = Math.max(1, Math.ceil((times[0]! - since) / 1000));
    throw new TooManyError(`Too many test sends; try again in ${wait} s.`, wait, "testSendTooOften");
  }
  times.push(now);
  recent.set(userId, times);
  for (const [user, list] of recent) if (list.every((at) => at <= since)) recent.delete(user);
}

interface DeviceRow {
  id: string;
  installationId: string;
  platform: DevicePlatform;
  maker: string | null;
  channelMask: number;
  addresses: unknown;
}

// One message to send: a device (or a pasted token) with the channel and token chosen for it.
interface Target {
  label: string;
  device: DeviceRow | null;
  channel: DeviceChannel | null;
  token: string | null;
  platform: DevicePlatform;
}

const deviceSelect = {
  id: true,
  installationId: true,
  platform: true,
  maker: true,
  channelMask: true,
  addresses: true,
} as const;

// The channels a pasted token can go through: addressed by token, with the app's credential where one is needed.
export function tokenChannels(configured: Set<string>): DeviceChannel[] {
  return deviceChannels.filter((channel) => {
    const entry = testSendEntry(channel);
    return (
      channel !== "sms" &&
      channelDescription(channel)?.address.kind === "token" &&
      entry !== undefined &&
      (!entry.requiresCredential || configured.has(channel))
    );
  });
}

const shorten = (token: string) => (token.length > 24 ? `${token.slice(0, 12)}…${token.slice(-8)}` : token);
// The platform a pasted token's channel implies (the providers shape some payloads by platform).
const platformOf = (channel: DeviceChannel): DevicePlatform =>
  channel === "apns" ? "ios" : channel === "webpush" ? "web" : "android";

// Sends the test and records it; answers one result per target.
export async function sendTest(user: StaffUser, input: TestSendInput): Promise<{ results: TestSendResult[] }> {
  const app = await db.app.findUnique({ where: { id: input.appId }, select: { id: true, routingPolicy: true } });
  if (!app) throw new NotFoundError("App");
  if (input.campaignId) {
    const campaign = await db.campaign.findFirst({
      where: { id: input.campaignId, appId: app.id },
      select: { type: true },
    });
    if (!campaign) throw new NotFoundError("Campaign");
    // The form's type may differ from the stored one (changed, not saved yet): the user must write both.
    if (!can(user, typePermission(campaign.type))) throw new ForbiddenError();
  }
  claimRate(user.id);
  const configured = new Set(
    (await db.providerCredential.findMany({ where: { appId: app.id }, select: { channel: true } })).map(
      (c) => c.channel as string,
    ),
  );
  const allowed = input.delivery.channels;
  const usable = (channel: DeviceChannel) => {
    if (signalOnlyChannels.includes(channel)) return false;
    if (allowed.length && !allowed.includes(channel)) return false;
    const entry = testSendEntry(channel);
    return entry !== undefined && (!entry.requiresCredential || configured.has(channel));
  };
  const route = createRouter(routingPolicyOf(app.routingPolicy), usable);
  const targets = await resolveTargets(app.id, input, configured, route);

  const rowIds = targets.map(() => randomUUID());
  const results = await sendTargets(app.id, input, targets, rowIds);
  await db.$transaction(async (tx) => {
    await tx.testSend.createMany({
      data: results.map((result, index) => ({
        id: rowIds[index]!,
        appId: app.id,
        campaignId: input.campaignId ?? null,
        deviceId: result.deviceId,
        userId: user.id,
        userName: user.name || user.email,
        channel: result.channel,
        address: targets[index]!.token ? shorten(targets[index]!.token!) : null,
        variantKey: input.variant.key,
        locale: input.locale,
        title: input.variant.content[input.locale]!.title.slice(0, 200),
        outcome: result.outcome,
        errorCode: result.errorCode,
        providerMessageId: null,
      })),
    });
    await writeAudit(tx, user, {
      action: "campaigns.testSend",
      targetType: input.campaignId ? "Campaign" : "App",
      targetId: input.campaignId ?? app.id,
      appId: app.id,
      diff: {
        variant: input.variant.key,
        locale: input.locale,
        targets: results.length,
        sent: results.filter((r) => r.outcome === "sent").length,
      },
    });
  });
  return { results };
}

async function resolveTargets(
  appId: string,
  input: TestSendInput,
  configured: Set<string>,
  route: (platform: string, maker: string | null, mask: number) => DeviceChannel[],
): Promise<Target[]> {
  const targets: Target[] = [];
  const ofDevice = (device: DeviceRow, only?: DeviceChannel): Target => {
    const addresses = parseAddresses(device.addresses).filter((a) => a.status === "active");
    const channel = only ?? route(device.platform, device.maker, device.channelMask)[0] ?? null;
    const token = addresses.find((a) => a.channel === channel)?.token ?? null;
    return { label: device.installationId, device, channel, token, platform: device.platform };
  };
  if (input.deviceIds.length) {
    const devices = await db.device.findMany({
      where: { appId, id: { in: input.deviceIds }, isTest: true },
      select: deviceSelect,
    });
    if (devices.length !== new Set(input.deviceIds).size)
      throw new UserError("Pick test devices of this app.", { deviceIds: ["testSendNotTestDevice"] });
    for (const device of devices) targets.push(ofDevice(device as DeviceRow));
  }
  const pasted = input.pasted?.trim();
  if (pasted) {
    if (z.uuid().safeParse(pasted).success) {
      // An installation id or a device id: that device, routed as a campaign would route it.
      const device = await db.device.findFirst({
        where: { appId, OR: [{ installationId: pasted }, { id: pasted }] },
        select: deviceSelect,
      });
      if (!device) throw new UserError("No such device.", { pasted: ["testSendNoSuchDevice"] });
      targets.push(ofDevice(device as DeviceRow));
    } else {
      // A push token: the device that holds it (through the token's own channel), else the chosen channel.
      const device = await db.device.findFirst({
        where: { appId, addresses: { array_contains: [{ token: pasted }] } },
        select: deviceSelect,
      });
      const held = device ? parseAddresses(device.addresses).find((a) => a.token === pasted) : undefined;
      if (device && held) targets.push(ofDevice(device as DeviceRow, held.channel));
      else {
        const channel = input.channel ?? tokenChannels(configured)[0];
        if (!channel || !tokenChannels(configured).includes(channel))
          throw new UserError("Choose a channel this app can send through.", { channel: ["testSendChannel"] });
        targets.push({ label: shorten(pasted), device: null, channel, token: pasted, platform: platformOf(channel) });
      }
    }
  }
  if (targets.length > TEST_SEND_MAX_TARGETS)
    throw new UserError("Too many devices.", { deviceIds: ["testSendTooMany"] });
  return targets;
}

async function sendTargets(
  appId: string,
  input: TestSendInput,
  targets: Target[],
  rowIds: string[],
): Promise<TestSendResult[]> {
  const campaignId = input.campaignId ?? unsavedCampaignId;
  const variant = { ...input.variant, locales: Object.keys(input.variant.content) };
  const options = {
    ...input.delivery,
    messageClass: input.type === "promotion" ? ("marketing" as const) : ("service" as const),
  };
  const results: TestSendResult[] = targets.map((target) => ({
    target: target.label,
    deviceId: target.device?.id ?? null,
    installationId: target.device?.installationId ?? null,
    channel: target.channel,
    outcome: "unreachable",
    errorCode: "no_channel",
    errorMessage: null,
  }));
  const byChannel = new Map<DeviceChannel, number[]>();
  targets.forEach((target, index) => {
    if (target.channel) byChannel.set(target.channel, [...(byChannel.get(target.channel) ?? []), index]);
  });
  await Promise.all(
    [...byChannel].map(async ([channel, indexes]) => {
      const messages: OutgoingMessage[] = indexes.map((index) => {
        const target = targets[index]!;
        return render(
          { id: campaignId, variants: [variant] },
          {
            deliveryId: `test-${rowIds[index]}`,
            deviceId: target.device?.id ?? unsavedCampaignId,
            installationId: target.device?.installationId ?? unsavedCampaignId,
            platform: target.platform,
            token: target.token,
            variantKey: variant.key,
            locale: input.locale,
          },
        );
      });
      const answers = await sendThrough(appId, channel, campaignId, options, messages);
      indexes.forEach((index, i) => Object.assign(results[index]!, answers[i]));
    }),
  );
  return results;
}

type Answer = Pick<TestSendResult, "outcome" | "errorCode" | "errorMessage">;

// One channel's messages through a provider built for this send and closed after it.
async function sendThrough(
  appId: string,
  channel: DeviceChannel,
  campaignId: string,
  options: DeliveryOptions,
  messages: OutgoingMessage[],
): Promise<Answer[]> {
  const all = (answer: Answer) => messages.map(() => ({ ...answer }));
  if (channel === "poll") return sendToInbox(appId, campaignId, options, messages);
  const entry = testSendEntry(channel);
  if (!entry) return all({ outcome: "unreachable", errorCode: "channel_unavailable", errorMessage: null });
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve("timeout");
    }, TEST_SEND_TIMEOUT_MS);
  });
  let building: Promise<PushProvider> | undefined;
  try {
    const answered = await Promise.race([
      (async () => {
        building = entry.create(appId);
        const provider = await building;
        return provider.send({ appId, campaignId, options, messages, signal: controller.signal, sentAt: new Date() });
      })(),
      timeout,
    ]);
    if (answered === "timeout") return all({ outcome: "failed", errorCode: "timeout", errorMessage: null });
    const byId = new Map(answered.map((result) => [result.deliveryId, result]));
    return messages.map((message) => {
      const result = byId.get(message.deliveryId);
      if (!result) return { outcome: "failed", errorCode: "no_answer", errorMessage: null };
      return {
        outcome: result.outcome,
        errorCode: "errorCode" in result ? result.errorCode : null,
        errorMessage: null,
      };
    });
  } catch (error) {
    if (error instanceof ProviderConfigurationError)
      return all({ outcome: "failed", errorCode: error.code, errorMessage: error.message.slice(0, 300) });
    const code = error instanceof Error ? error.name : "error";
    return all({ outcome: "failed", errorCode: `provider_error:${code}`, errorMessage: null });
  } finally {
    clearTimeout(timer);
    // Closed once built, even when the answer came too late.
    void building?.then((provider) => provider.close()).catch(() => undefined);
  }
}

// The inbox channel: the device's inbox gets the payload the inbox provider would store (built by the same
// device-payload.ts), without a Delivery id, so its fetch confirms nothing; its long poll is woken.
async function sendToInbox(
  appId: string,
  campaignId: string,
  options: DeliveryOptions,
  messages: OutgoingMessage[],
): Promise<Answer[]> {
  const sentAt = new Date();
  const retainUntil = new Date(sentAt.getTime() + inboxRetentionMs());
  const expiry = expiryFor(options, sentAt);
  const rowExpiry = expiry && expiry < retainUntil ? expiry : retainUntil;
  try {
    await sqlPool().query(
      `insert into "InboxMessage" ("appId", "deviceId", "campaignId", "deliveryId", payload, "createdAt", "expiresAt")
       select $1::uuid, m.device_id, $2::uuid, null, m.payload, $4::timestamp, $5::timestamp
         from unnest($3::uuid[], $6::jsonb[]) as m(device_id, payload)`,
      [
        appId,
        campaignId,
        messages.map((m) => m.deviceId),
        sentAt.toISOString().replace("Z", ""),
        rowExpiry.toISOString().replace("Z", ""),
        messages.map((m) => JSON.stringify(buildDevicePayload(m, options, sentAt))),
      ],
    );
    await notifyInboxes([...new Set(messages.map((m) => m.deviceId))]);
    return messages.map(() => ({ outcome: "sent", errorCode: null, errorMessage: null }));
  } catch {
    return messages.map(() => ({ outcome: "retry", errorCode: "inbox_write_failed", errorMessage: null }));
  }
}
