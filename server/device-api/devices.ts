// Reads and changes one device for the public API. Every statement is scoped by the
// authenticated app's id, so one app's key can never reach another app's devices.
import "server-only";
import { z } from "zod";
import { channelBit, deviceChannels, type DeviceChannel } from "@/lib/channels/devices";
import { parseAddresses } from "@/lib/devices/addresses";
import { Prisma } from "@/server/generated/prisma/client";
import { db } from "@/server/db";
import { deviceProfileSelect } from "@/server/devices/queries";
import { deleteDevicePhoneNumber, setDevicePhoneNumber } from "@/server/sms/phone-numbers";
import { ApiProblem } from "./problem";
import {
  installationIdSchema,
  maxTags,
  type PatchTagsInput,
  type PhoneNumberResult,
  type PublicDevice,
} from "./device-schema";

// The {installationId} path parameter, lower-cased; a 400 problem when it is not a UUID.
export function parseInstallationId(raw: string): string {
  const parsed = installationIdSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ApiProblem("invalid-parameter", "The installationId in the path must be a UUID.", [
    { path: "installationId", message: parsed.error.issues[0].message },
  ]);
}

function notFound(installationId: string): ApiProblem {
  return new ApiProblem("not-found", `This app has no device with installationId ${installationId}.`);
}

// The device's public fields (never the push token itself).
export async function getPublicDevice(appId: string, installationId: string): Promise<PublicDevice> {
  const device = await db.device.findUnique({
    where: { appId_installationId: { appId, installationId } },
    select: { ...deviceProfileSelect, addresses: true, appVersion: true, createdAt: true, updatedAt: true },
  });
  if (!device) throw notFound(installationId);
  const { addresses, lastActiveAt, createdAt, updatedAt, ...rest } = device;
  return {
    ...rest,
    addresses: parseAddresses(addresses).map(({ channel, token, status, error, errorAt }) => ({
      channel,
      hasToken: token !== null,
      status,
      error: error ?? null,
      errorAt: errorAt ?? null,
    })),
    lastActiveAt: lastActiveAt.toISOString(),
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

// The tag array the patch produces from the stored one, as SQL (first-seen order, de-duplicated).
function nextTagsSql(patch: PatchTagsInput): Prisma.Sql {
  if (patch.set) return Prisma.sql`${patch.set}::text[]`;
  const add = patch.add ?? [];
  const remove = patch.remove ?? [];
  return Prisma.sql`array(
    select t from unnest(d."tags" || ${add}::text[]) with ordinality as u(t, n)
    where not (t = any(${remove}::text[]))
    group by t order by min(n))`;
}

// Applies add/remove/set in one atomic UPDATE; 422 too-many-tags when the result exceeds 100.
export async function patchDeviceTags(appId: string, installationId: string, patch: PatchTagsInput): Promise<string[]> {
  const next = nextTagsSql(patch);
  const updated = await db.$queryRaw<{ tags: string[] }[]>`
    update "Device" as d set "tags" = ${next}, "updatedAt" = now() at time zone 'UTC'
    where d."appId" = ${appId}::uuid and d."installationId" = ${installationId}::uuid
      and cardinality(${next}) <= ${maxTags}
    returning d."tags"`;
  if (updated.length) return updated[0].tags;
  // Nothing changed: either no such device, or the result would be too long. Tell which.
  const existing = await db.$queryRaw<{ count: number }[]>`
    select cardinality(${next})::int as count from "Device" as d
     where d."appId" = ${appId}::uuid and d."installationId" = ${installationId}::uuid`;
  if (!existing.length) throw notFound(installationId);
  throw new ApiProblem(
    "too-many-tags",
    `The device would have ${existing[0].count} tags; at most ${maxTags} are allowed.`,
    [{ path: patch.set ? "set" : "add", message: `At most ${maxTags} tags per device` }],
  );
}

// Unsubscribes: status unsubscribed, every address's token cleared (the row stays for analytics) and
// its phone number deleted. Idempotent.
export async function unsubscribeDevice(appId: string, installationId: string): Promise<void> {
  await db.phoneNumber.deleteMany({ where: { appId, device: { installationId } } });
  const count = await db.$executeRaw`
    update "Device" as d set "status" = 'unsubscribed', "updatedAt" = now() at time zone 'UTC',
      "addresses" = (select coalesce(jsonb_agg(a || '{"token": null}'::jsonb order by n), '[]'::jsonb)
                       from jsonb_array_elements(d."addresses") with ordinality as t(a, n))
    where d."appId" = ${appId}::uuid and d."installationId" = ${installationId}::uuid`;
  if (count === 0) throw notFound(installationId);
}

// Removes the device's address on one channel (DELETE .../addresses/{channel}); the device becomes
// invalid when no active address is left. Removing the sms address deletes the phone number. Idempotent:
// 404 only for an unknown device.
export async function removeDeviceAddress(appId: string, installationId: string, channel: DeviceChannel) {
  if (channel === "sms") await db.phoneNumber.deleteMany({ where: { appId, device: { installationId } } });
  const count = await db.$executeRaw`
    update "Device" as d set "updatedAt" = now() at time zone 'UTC',
      "addresses" = (select coalesce(jsonb_agg(a order by n), '[]'::jsonb)
                       from jsonb_array_elements(d."addresses") with ordinality as t(a, n)
                      where a->>'channel' <> ${channel}),
      "channelMask" = d."channelMask" & ~${1 << channelBit[channel]}::int,
      "status" = case when d."status" = 'active' and d."channelMask" & ~${1 << channelBit[channel]}::int = 0
                      then 'invalid'::"DeviceStatus" else d."status" end
    where d."appId" = ${appId}::uuid and d."installationId" = ${installationId}::uuid`;
  if (count === 0) throw notFound(installationId);
}

// The {channel} path parameter; a 400 problem when it names no channel.
export function parseChannel(raw: string): DeviceChannel {
  const parsed = z.enum(deviceChannels).safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ApiProblem("invalid-parameter", "The channel in the path is not a channel Herald knows.", [
    { path: "channel", message: parsed.error.issues[0].message },
  ]);
}

// Sets the device's phone number (PUT .../phone); the answer shows it masked.
export async function setPhoneNumber(
  appId: string,
  installationId: string,
  input: { number: string; consentAt: Date },
): Promise<PhoneNumberResult> {
  const view = await setDevicePhoneNumber(appId, installationId, input);
  const { masked, country, consentAt, optedOutAt } = view;
  return { installationId, phoneNumber: { masked, country, consentAt, optedOutAt } };
}

// Deletes the device's phone number and its sms address (DELETE .../phone). Idempotent; 404 for an unknown device.
export async function removeDevicePhoneNumber(appId: string, installationId: string): Promise<void> {
  const device = await db.device.findUnique({
    where: { appId_installationId: { appId, installationId } },
    select: { id: true },
  });
  if (!device) throw notFound(installationId);
  await deleteDevicePhoneNumber(device.id);
}
