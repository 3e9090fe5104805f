// SQL for writers that insert devices in bulk with one active address each (the demo seed, the
// benchmarks' loaders, test fixtures): Device.addresses and Device.channelMask from a channel and
// a token expression. Not marked "server-only": scripts and benchmarks run it outside Next.js.
import { channelsByBit } from "@/lib/channels/devices";

// The channel names by bit as an SQL array literal (constants only, never input).
const bitsSql = `ARRAY[${channelsByBit.map((channel) => `'${channel}'`).join(", ")}]::text[]`;

// The mask bit of a channel expression (text or "Channel"), in SQL.
export function channelBitSql(channel: string): string {
  return `(1 << (array_position(${bitsSql}, (${channel})::text) - 1))`;
}

// The "addresses" and "channelMask" values of a device whose one address is (channel, token),
// active unless the SQL condition `active` (default true) is false.
export function oneAddressSql(
  channel: string,
  token: string,
  active = "true",
): { addresses: string; channelMask: string } {
  const status = `case when ${active} then 'active' else 'invalid' end`;
  return {
    addresses: `jsonb_build_array(jsonb_build_object('channel', (${channel})::text, 'token', ${token},
                                                    'status', ${status}))`,
    channelMask: `case when ${active} then ${channelBitSql(channel)} else 0 end`,
  };
}
