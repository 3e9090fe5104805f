// Devices' phone numbers for SMS signals. A number is stored once per device as a PhoneNumber row:
// sealed (server/crypto.ts seal, bound to the app), a keyed hash for lookups (inbound STOP, provider
// reports), the masked text the console shows, its country and the consent time. The device gets an
// `sms` address whose token is the row's id (never the number), active while the number may be
// signalled, so channelMask and segments know the device has SMS. An opt-out (inbound STOP, or the
// provider's "unsubscribed" answer) sets optedOutAt and makes the address invalid; only a new consent
// (a later consentAt, or the person texting START) clears it. A number moving to another installation
// of the same app takes its opt-out along.
import "server-only";
import { createHmac } from "node:crypto";
import { channelBit } from "@/lib/channels/devices";
import { validPhoneNumber } from "@/lib/sms/phone-number";
import { derivedSecret } from "@/server/crypto";
import { sealPhoneNumber, unsealPhoneNumber } from "./phone-seal";
import { db } from "@/server/db";
import { ConflictError, isUniqueViolation, NotFoundError, uniqueAs, ValidationError } from "@/server/errors";

const smsBit = 1 << channelBit.sms;

// The keyed hash of an E.164 number (HMAC-SHA256 under a key derived from HERALD_ENCRYPTION_KEY).
export function phoneNumberHash(e164: string): string {
  return createHmac("sha256", derivedSecret("sms/phone-number-hash")).update(e164).digest("base64url");
}

// The number of a row, unsealed: only the SMS sender needs it, just before sending. Sealed and
// unsealed by phone-seal.ts, which the fallback uses too.
export function unsealPhoneNumberRow(row: { appId: string; numberSealed: string }): string {
  return unsealPhoneNumber(row.numberSealed, row.appId);
}

// What the console and the API show of a number.
export interface PhoneNumberView {
  id: string;
  masked: string;
  country: string;
  consentAt: string;
  optedOutAt: string | null;
}

const viewSelect = { id: true, masked: true, country: true, consentAt: true, optedOutAt: true } as const;
function viewOf(row: { id: string; masked: string; country: string; consentAt: Date; optedOutAt: Date | null }) {
  return {
    id: row.id,
    masked: row.masked,
    country: row.country,
    consentAt: row.consentAt.toISOString(),
    optedOutAt: row.optedOutAt?.toISOString() ?? null,
  } satisfies PhoneNumberView;
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

// Puts the device's `sms` address (token: the PhoneNumber id) active or invalid, or removes it (token null).
async function setSmsAddress(
  tx: Tx,
  deviceId: string,
  address: { token: string; active: boolean; error: string | null } | null,
): Promise<void> {
  const entry = address
    ? JSON.stringify([
        {
          channel: "sms",
          token: address.token,
          status: address.active ? "active" : "invalid",
          ...(address.error ? { error: address.error, errorAt: new Date().toISOString() } : {}),
        },
      ])
    : "[]";
  const active = address?.active ?? false;
  await tx.$executeRaw`
    update "Device" as d set
      "addresses" = (select coalesce(jsonb_agg(a order by n), '[]'::jsonb)
                       from jsonb_array_elements(d."addresses") with ordinality as t(a, n)
                      where a->>'channel' <> 'sms') || ${entry}::jsonb,
      "channelMask" = case when ${active} then d."channelMask" | ${smsBit}::int
                           else d."channelMask" & ~${smsBit}::int end,
      "status" = case when ${active} then 'active'::"DeviceStatus"
                      when d."status" = 'active' and d."channelMask" & ~${smsBit}::int = 0
                      then 'invalid'::"DeviceStatus"
                      else d."status" end,
      "updatedAt" = now() at time zone 'UTC'
    where d.id = ${deviceId}::uuid`;
}

// Allowed clock skew for a consent time in the future.
const consentSkewMs = 5 * 60_000;

// Sets (or replaces) the phone number of the app's device `installationId` with the person's consent time.
export async function setDevicePhoneNumber(
  appId: string,
  installationId: string,
  input: { number: string; consentAt: Date },
): Promise<PhoneNumberView> {
  const valid = validPhoneNumber(input.number);
  if (!valid)
    throw new ValidationError(
      "The phone number is not valid.",
      [{ path: "number", message: "Must be a valid phone number in E.164 form, such as +8613812345678" }],
      "invalid-body",
      422,
    );
  if (input.consentAt.getTime() > Date.now() + consentSkewMs)
    throw new ValidationError(
      "The consent time is in the future.",
      [{ path: "consentAt", message: "Must not be in the future" }],
      "invalid-body",
      422,
    );
  const hash = phoneNumberHash(valid.e164);
  // Two installations setting the same number at once: the loser of the unique index tries once more
  // (it then finds the number and takes it over); a second refusal is a 409, never a 500.
  const attempt = () => storePhoneNumber(appId, installationId, input.consentAt, valid, hash);
  return attempt().catch((error: unknown) => {
    if (!isUniqueViolation(error)) throw error;
    return attempt().catch(
      uniqueAs(
        () => new ConflictError("The phone number is being set by another request; try again.", undefined, "conflict"),
      ),
    );
  });
}

async function storePhoneNumber(
  appId: string,
  installationId: string,
  consentAt: Date,
  valid: { e164: string; masked: string; country: string },
  hash: string,
): Promise<PhoneNumberView> {
  const input = { consentAt };
  return db.$transaction(async (tx) => {
    const device = await tx.device.findUnique({
      where: { appId_installationId: { appId, installationId } },
      select: { id: true },
    });
    if (!device) throw new NotFoundError(`This app has no device with installationId ${installationId}.`);
    // Locked, so installations taking the same number over one after another each see who holds it now.
    type Held = { id: string; deviceId: string; numberHash: string; optedOutAt: Date | null };
    const held = await tx.$queryRaw<Held[]>`
      select id::text, "deviceId"::text as "deviceId", "numberHash", "optedOutAt" from "PhoneNumber"
       where "deviceId" = ${device.id}::uuid or ("appId" = ${appId}::uuid and "numberHash" = ${hash})
       order by id for update`;
    const mine = held.find((row) => row.deviceId === device.id) ?? null;
    const holder = held.find((row) => row.numberHash === hash) ?? null;
    const previous = holder ?? (mine?.numberHash === hash ? mine : null);
    // A consent given after the opt-out is a new consent; an older one does not undo the opt-out.
    const optedOutAt =
      previous?.optedOutAt && previous.optedOutAt.getTime() >= input.consentAt.getTime() ? previous.optedOutAt : null;
    const data = {
      numberHash: hash,
      numberSealed: sealPhoneNumber(valid.e164, appId),
      masked: valid.masked,
      country: valid.country,
      consentAt: input.consentAt,
      optedOutAt,
    };
    let row;
    if (holder && holder.deviceId !== device.id) {
      // The number moves here from another installation (a reinstall): that one loses its sms address.
      if (mine) await tx.phoneNumber.delete({ where: { id: mine.id } });
      row = await tx.phoneNumber.update({ where: { id: holder.id }, data: { ...data, deviceId: device.id } });
      await setSmsAddress(tx, holder.deviceId, null);
    } else if (mine) {
      row = await tx.phoneNumber.update({ where: { id: mine.id }, data });
    } else {
      row = await tx.phoneNumber.create({ data: { ...data, appId, deviceId: device.id } });
    }
    await setSmsAddress(tx, device.id, { token: row.id, active: !optedOutAt, error: optedOutAt ? "opted_out" : null });
    return viewOf(row);
  });
}

// Deletes the device's phone number (its `sms` address removed, or being removed, by the caller's
// statement or here). Idempotent.
export async function deleteDevicePhoneNumber(deviceId: string, options: { keepAddress?: boolean } = {}) {
  await db.$transaction(async (tx) => {
    await tx.phoneNumber.deleteMany({ where: { deviceId } });
    if (!options.keepAddress) await setSmsAddress(tx, deviceId, null);
  });
}

// The number of a device, for the console (masked) or null.
export async function devicePhoneNumber(deviceId: string): Promise<PhoneNumberView | null> {
  const row = await db.phoneNumber.findUnique({ where: { deviceId }, select: viewSelect });
  return row ? viewOf(row) : null;
}

// Marks the app's number opted out (inbound STOP, a provider's "unsubscribed" answer): its address goes
// invalid. Answers whether a number of the app matched; running it twice changes nothing twice.
export async function optOutPhoneNumber(
  appId: string,
  match: { e164: string } | { phoneNumberId: string },
  at = new Date(),
): Promise<boolean> {
  const where =
    "e164" in match ? { appId, numberHash: phoneNumberHash(match.e164) } : { appId, id: match.phoneNumberId };
  return db.$transaction(async (tx) => {
    const row = await tx.phoneNumber.findFirst({ where, select: { id: true, deviceId: true, optedOutAt: true } });
    if (!row) return false;
    if (!row.optedOutAt) {
      await tx.phoneNumber.update({ where: { id: row.id }, data: { optedOutAt: at } });
      await setSmsAddress(tx, row.deviceId, { token: row.id, active: false, error: "opted_out" });
    }
    return true;
  });
}

// The person texted START (or UNSTOP): a new consent, now. Answers whether a number of the app matched.
export async function optInPhoneNumber(appId: string, e164: string, at = new Date()): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const row = await tx.phoneNumber.findUnique({
      where: { appId_numberHash: { appId, numberHash: phoneNumberHash(e164) } },
      select: { id: true, deviceId: true, optedOutAt: true },
    });
    if (!row) return false;
    if (row.optedOutAt) {
      await tx.phoneNumber.update({ where: { id: row.id }, data: { optedOutAt: null, consentAt: at } });
      await setSmsAddress(tx, row.deviceId, { token: row.id, active: true, error: null });
    }
    return true;
  });
}
