// The channel descriptions (lib/channels): one per sending channel, ids the database knows, and the
// facts the providers and the app page read from them.
import { describe, expect, it } from "vitest";
import {
  channelDescription,
  channelIds,
  channels,
  credentialChannels,
  deviceChannels,
  isCredentialChannel,
} from "@/lib/channels";

describe("channel descriptions", () => {
  it("describes fcm, apns, the phone makers, JPush, webpush, xmpp, mqtt, the inbox (poll) and sms, each once", () => {
    expect(channelIds).toEqual([
      "fcm",
      "apns",
      "hms",
      "honor",
      "xiaomi",
      "oppo",
      "vivo",
      "jpush",
      "webpush",
      "xmpp",
      "mqtt",
      "poll",
      "sms",
    ]);
    expect(new Set(channelIds).size).toBe(channels.length);
    for (const id of channelIds) expect(deviceChannels).toContain(id);
  });

  it("lists the channels with a credential, fcm required, mqtt optional (default broker)", () => {
    expect(credentialChannels).toEqual([
      "fcm",
      "apns",
      "hms",
      "honor",
      "xiaomi",
      "oppo",
      "vivo",
      "jpush",
      "webpush",
      "xmpp",
      "mqtt",
      "sms",
    ]);
    for (const vendor of ["apns", "hms", "honor", "xiaomi", "oppo", "vivo", "jpush", "xmpp"]) {
      expect(channelDescription(vendor)?.credential?.required).toBe(true);
    }
    expect(channelDescription("fcm")?.credential?.required).toBe(true);
    expect(channelDescription("mqtt")?.credential?.required).toBe(false);
    expect(channelDescription("poll")?.credential).toBeNull();
    expect(isCredentialChannel("poll")).toBe(false);
    // Web Push generates its VAPID pair on first use: a credential is optional.
    expect(channelDescription("webpush")?.credential?.required).toBe(false);
  });

  it("says how devices are addressed and how large a payload may be", () => {
    expect(channelDescription("fcm")).toMatchObject({
      address: { kind: "token", maxLength: 4096 },
      payloadBytes: 4096,
    });
    expect(channelDescription("mqtt")).toMatchObject({ address: { kind: "installation" }, payloadBytes: 65_536 });
    expect(channelDescription("poll")).toMatchObject({ address: { kind: "installation" }, payloadBytes: 65_536 });
  });
});
