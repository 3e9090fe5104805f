// Reads and changes one device for the public API. Every statement is scoped by the
// authenticated app's id, so one app's key can never reach another app's devices.
import "server-only";
import { Prisma } from "@/server/generated/prisma/client";
import { db } from "@/server/db";
import { deviceProfileSelect } from "@/server/devices/queries";
import { ApiProblem } from "./problem";
import { installationIdSchema, maxTags, type PatchTagsInput, type PublicDevice } from "./device-schema";

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
    select: { ...deviceProfileSelect, token: true, appVersion: true, createdAt: true, updatedAt: true },
  });
  if (!device) throw notFound(installationId);
  const { token, lastActiveAt, createdAt, updatedAt, ...rest } = device;
  return {
    ...rest,
    hasToken: token !== null,
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

// Unsubscribes: status unsubscribed, token cleared (the row stays for analytics). Idempotent.
export async function unsubscribeDevice(appId: string, installationId: string): Promise<void> {
  const { count } = await db.device.updateMany({
    where: { appId, installationId },
    data: { status: "unsubscribed", token: null },
  });
  if (count === 0) throw notFound(installationId);
}
