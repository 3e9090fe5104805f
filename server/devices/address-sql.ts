// SQL for writers that insert devices in bulk (the demo seed, the benchmarks' loaders, test
// fixtures): Device.addresses and Device.channelMask from channel and token expressions, for one
// address or several active ones (a maker's channel plus the app's MQTT). Not marked "server-only":
// scripts and benchmarks run it outside Next.js.
import { channelsByBit } from "@/lib/channels/devices";

// The channel names by bit as an SQL array literal (constants only, never input).
const bitsSql = `ARRAY[${channelsByBit.map((channel) => `'${channel}'`).join(", ")}]::text[]`;

// The mask bit of a channel expression (text or "Channel"), in SQL.
export function channelBitSql(channel: string): string {
  return `(1 << (array_position(${bitsSql}, (${channel})::text) - 1))`;
}

// One address object (channel, token and status expressions), in SQL.
const addressSql = (channel: string, token: string, status: string) =>
  `jsonb_build_object('channel', (${channel})::text, 'token', ${token}, 'status', ${status})`;

// The "addresses" and "channelMask" values of a device whose one address is (channel, token),
// active unless the SQL condition `active` (default true) is false.
export function oneAddressSql(
  channel: string,
  token: string,
  active = "true",
): { addresses: string; channelMask: string } {
  const status = `case when ${active} then 'active' else 'invalid' end`;
  return {
    addresses: `jsonb_build_array(${addressSql(channel, token, status)})`,
    channelMask: `case when ${active} then ${channelBitSql(channel)} else 0 end`,
  };
}

// The "addresses" and "channelMask" values of a device with several active addresses, in this
// order: each a channel and a token expression ("null" for channels addressed by installation,
// such as mqtt). The channels must differ (one address per channel).
export function activeAddressesSql(addresses: Array<{ channel: string; token: string }>): {
  addresses: string;
  channelMask: string;
} {
  return {
    addresses: `jsonb_build_array(${addresses.map((a) => addressSql(a.channel, a.token, "'active'")).join(", ")})`,
    channelMask: `(${addresses.map((a) => channelBitSql(a.channel)).join(" | ")})`,
  };
}
