// Device registration for the public API: one INSERT ... ON CONFLICT statement per call, so a
// registration costs one round trip and concurrent calls for one installation leave one row.
import "server-only";
import { versionKey, versionParts } from "@/lib/segments/ast";
import { sqlPool } from "@/server/sql";
import type { Channel, Platform } from "@/server/generated/prisma/enums";

// One installation's registration, already validated and normalised by the caller (the device API's
// registerDeviceSchema): lower-case UUID, canonical locale and time zone, de-duplicated tags.
export interface RegisterDeviceInput {
  installationId: string;
  platform: Platform;
  channel: Channel;
  token?: string;
  locale?: string;
  timezone?: string;
  appVersion?: string;
  tags?: string[];
}

export interface RegisterResult {
  id: string;
  installationId: string;
  created: boolean;
  status: "active" | "invalid" | "unsubscribed";
}

const registerSql = `
  insert into "Device" as d ("id", "appId", "installationId", "platform", "channel", "token", "tags", "locale",
                             "timezone", "appVersion", "appVersionKey", "lastActiveAt", "status", "createdAt",
                             "updatedAt")
  values (gen_random_uuid(), $1::uuid, $2::uuid, $3::"Platform", $4::"Channel", $5, coalesce($6::text[], '{}'::text[]),
    $7, $8, $9, $10::bytea, now() at time zone 'UTC', 'active', now() at time zone 'UTC', now() at time zone 'UTC')
  on conflict ("appId", "installationId") do update set
    "platform" = excluded."platform",
    "channel" = excluded."channel",
    "token" = excluded."token",
    "tags" = case when $6::text[] is null then d."tags" else excluded."tags" end,
    "locale" = coalesce(excluded."locale", d."locale"),
    "timezone" = coalesce(excluded."timezone", d."timezone"),
    "appVersion" = coalesce(excluded."appVersion", d."appVersion"),
    "appVersionKey" = case when excluded."appVersion" is null then d."appVersionKey" else excluded."appVersionKey" end,
    "status" = case when excluded."token" is not null and excluded."token" is distinct from d."token"
      then 'active'::"DeviceStatus" else d."status" end,
    "lastActiveAt" = excluded."lastActiveAt",
    "updatedAt" = excluded."updatedAt"
  returning "id"::text as id, "status"::text as status, (xmax = 0) as created`;

// Registers or updates the app's device with this installationId.
// - Omitted locale/timezone/appVersion/tags keep their stored values; `tags: []` clears the tags.
// - appVersionKey (lib/segments/ast.ts versionKey) always follows appVersion.
// - token is always replaced (a device switching to mqtt/poll without a token loses its old one).
// - A token different from the stored one (re)activates an `unsubscribed` or `invalid` device: a
//   new token means the app was reinstalled or pushes re-enabled. The same dead token keeps a
//   device `invalid`. Registering counts as activity (lastActiveAt = now).
export async function registerDevice(appId: string, input: RegisterDeviceInput): Promise<RegisterResult> {
  const token = input.token ?? null;
  const tags = input.tags ?? null;
  const appVersion = input.appVersion ?? null;
  // The sortable form of the version that audience conditions compare (computed here rather than by
  // the database: a generated column cost ~20% of PostgreSQL's CPU per registration, measured A/B).
  const parts = versionParts(appVersion);
  const appVersionKey = parts === null ? null : Buffer.from(versionKey(parts));
  // Parameters only ($1..$10): no input is ever spliced into the SQL text.
  const { rows } = await sqlPool().query<{ id: string; status: RegisterResult["status"]; created: boolean }>({
    name: "herald-register-device",
    text: registerSql,
    values: [
      appId,
      input.installationId,
      input.platform,
      input.channel,
      token,
      tags,
      input.locale ?? null,
      input.timezone ?? null,
      appVersion,
      appVersionKey,
    ],
  });
  const row = rows[0];
  return { id: row.id, installationId: input.installationId, created: row.created, status: row.status };
}
