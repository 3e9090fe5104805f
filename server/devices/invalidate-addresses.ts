// Marks devices' addresses on one channel invalid with the vendor's code: used when a vendor answers a
// send with a dead token (server/dispatch/record.ts) and when its receipt says so later
// (server/receipts/record-vendor-receipts.ts). Only an address still active with the token the vendor
// named changes (a device that registered a new token meanwhile keeps it); its bit leaves the mask, and
// the device becomes invalid when no active address is left. Running it twice changes nothing twice.
import "server-only";
import type { PoolClient } from "pg";
import { channelBit, type DeviceChannel } from "@/lib/channels/devices";
import { sqlPool } from "@/server/sql";

const invalidAddressSql = `
  update "Device" v
     set "addresses" = (select jsonb_agg(case when a->>'channel' = $2
                                          then a || jsonb_build_object('status', 'invalid', 'error', x.code,
                                                                       'errorAt', $4::text)
                                          else a end order by n)
                          from jsonb_array_elements(v."addresses") with ordinality as t(a, n)),
         "channelMask" = v."channelMask" & ~$3::int,
         "status" = case when v."status" = 'active' and v."channelMask" & ~$3::int = 0
                         then 'invalid'::"DeviceStatus" else v."status" end,
         "updatedAt" = now()
    from unnest($1::uuid[], $5::text[], $6::text[]) as x(id, token, code)
   where v.id = x.id
     and exists (select from jsonb_array_elements(v."addresses") as a
                  where a->>'channel' = $2 and a->>'status' = 'active' and (a->>'token') is not distinct from x.token)`;

// One dead address: the device, the token the vendor refused (null for installation-addressed channels), the code.
export interface DeadAddress {
  deviceId: string;
  token: string | null;
  code: string | null;
}

// Marks the addresses invalid (in `client`'s transaction when given); answers how many devices changed.
export async function invalidateAddresses(
  channel: DeviceChannel,
  dead: DeadAddress[],
  client?: PoolClient,
): Promise<number> {
  if (!dead.length) return 0;
  const { rowCount } = await (client ?? sqlPool()).query(invalidAddressSql, [
    dead.map((d) => d.deviceId),
    channel,
    1 << channelBit[channel],
    new Date().toISOString(),
    dead.map((d) => d.token),
    dead.map((d) => d.code),
  ]);
  return rowCount ?? 0;
}
