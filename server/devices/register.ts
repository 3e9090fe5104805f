// Device registration for the public API: one INSERT ... ON CONFLICT statement per call, so a
// registration costs one round trip and concurrent calls for one installation leave one row.
import "server-only";
import { channelMaskOf, channelsByBit } from "@/lib/channels/devices";
import { versionKey, versionParts } from "@/lib/segments/ast";
import { sqlPool } from "@/server/sql";
import type { Channel, Maker, Platform } from "@/server/generated/prisma/enums";

// One address to add or update: its channel and token (null for mqtt and poll).
export interface RegisterAddress {
  channel: Channel;
  token: string | null;
}

// One installation's registration, already validated and normalised by the caller (the device API's
// registerDeviceSchema): lower-case UUID, canonical locale and time zone, de-duplicated tags, at
// least one address and at most one per channel.
export interface RegisterDeviceInput {
  installationId: string;
  platform: Platform;
  addresses: RegisterAddress[];
  brand?: string;
  maker?: Maker;
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
  // Whether the device (now) has an mqtt address: its answer then carries its MQTT access.
  hasMqtt: boolean;
}

// The stored addresses merged with the registered ones ($4), each stored address keeping its place:
// a registered address replaces the stored one of its channel when its token differs (it is then
// active again, its error cleared), and keeps it as it is otherwise (a dead token stays invalid);
// new channels are appended. `fresh` marks a new token. The mask's bits come from $13 (channelsByBit).
const mergedSql = `
  select coalesce(jsonb_agg(x.a order by x.pos), '[]'::jsonb) as addresses,
         coalesce(bit_or(1 << (array_position($13::text[], x.a->>'channel') - 1))
                  filter (where x.a->>'status' = 'active'), 0) as mask,
         coalesce(bool_or(x.fresh), false) as fresh
    from (select case when n.a is null or (o.a->>'token') is not distinct from (n.a->>'token') then o.a else n.a end,
                 o.pos, n.a->>'token' is not null and (o.a->>'token') is distinct from (n.a->>'token')
            from jsonb_array_elements(d."addresses") with ordinality as o(a, pos)
            left join jsonb_array_elements(excluded."addresses") as n(a) on n.a->>'channel' = o.a->>'channel'
          union all
          select n.a, 1000 + n.pos, n.a->>'token' is not null
            from jsonb_array_elements(excluded."addresses") with ordinality as n(a, pos)
           where not exists (select from jsonb_array_elements(d."addresses") as o(a)
                              where o.a->>'channel' = n.a->>'channel')) as x(a, pos, fresh)`;

const registerSql = `
  insert into "Device" as d ("id", "appId", "installationId", "platform", "addresses", "channelMask", "brand", "maker",
                             "tags", "locale", "timezone", "appVersion", "appVersionKey", "lastActiveAt", "status",
                             "createdAt", "updatedAt")
  values (gen_random_uuid(), $1::uuid, $2::uuid, $3::"Platform", $4::jsonb, $5::int, $11, $12::"Maker",
    coalesce($6::text[], '{}'::text[]), $7, $8, $9, $10::bytea, now() at time zone 'UTC', 'active',
    now() at time zone 'UTC', now() at time zone 'UTC')
  on conflict ("appId", "installationId") do update set
    "platform" = excluded."platform",
    "brand" = coalesce(excluded."brand", d."brand"),
    "maker" = coalesce(excluded."maker", d."maker"),
    "tags" = case when $6::text[] is null then d."tags" else excluded."tags" end,
    "locale" = coalesce(excluded."locale", d."locale"),
    "timezone" = coalesce(excluded."timezone", d."timezone"),
    "appVersion" = coalesce(excluded."appVersion", d."appVersion"),
    "appVersionKey" = case when excluded."appVersion" is null then d."appVersionKey" else excluded."appVersionKey" end,
    ("addresses", "channelMask", "status") = (
      select m.addresses, m.mask,
             case when d."status" = 'unsubscribed' and not m.fresh then 'unsubscribed'::"DeviceStatus"
                  when m.mask <> 0 then 'active'::"DeviceStatus" else 'invalid'::"DeviceStatus" end
        from (${mergedSql}) as m),
    "lastActiveAt" = excluded."lastActiveAt",
    "updatedAt" = excluded."updatedAt"
  returning "id"::text as id, "status"::text as status, (xmax = 0) as created,
            d."addresses" @> '[{"channel": "mqtt"}]'::jsonb as "hasMqtt"`;

// Registers or updates the app's device with this installationId.
// - Omitted locale/timezone/appVersion/tags/brand keep their stored values; `tags: []` clears the tags.
// - appVersionKey (lib/segments/ast.ts versionKey) always follows appVersion.
// - Only the addresses sent change (see mergedSql); the device's other addresses are kept.
// - A new token (re)activates an `unsubscribed` or `invalid` device: a new token means the app was
//   reinstalled or pushes re-enabled. A device is `invalid` while none of its addresses is active.
//   Registering counts as activity (lastActiveAt = now).
export async function registerDevice(appId: string, input: RegisterDeviceInput): Promise<RegisterResult> {
  const tags = input.tags ?? null;
  const appVersion = input.appVersion ?? null;
  // The sortable form of the version that audience conditions compare (computed here rather than by
  // the database: a generated column cost ~20% of PostgreSQL's CPU per registration, measured A/B).
  const parts = versionParts(appVersion);
  const appVersionKey = parts === null ? null : Buffer.from(versionKey(parts));
  const addresses = input.addresses.map(({ channel, token }) => ({ channel, token, status: "active" }));
  // Parameters only ($1..$13): no input is ever spliced into the SQL text.
  const { rows } = await sqlPool().query<Omit<RegisterResult, "installationId">>({
    name: "herald-register-device",
    text: registerSql,
    values: [
      appId,
      input.installationId,
      input.platform,
      JSON.stringify(addresses),
      channelMaskOf(input.addresses.map((address) => address.channel)),
      tags,
      input.locale ?? null,
      input.timezone ?? null,
      appVersion,
      appVersionKey,
      input.brand ?? null,
      input.maker ?? null,
      channelsByBit,
    ],
  });
  const row = rows[0];
  return {
    id: row.id,
    installationId: input.installationId,
    created: row.created,
    status: row.status,
    hasMqtt: row.hasMqtt,
  };
}
