// Credential form schemas and summaries: what is accepted, and that summaries carry no secrets.
import { describe, expect, it } from "vitest";
import { credentialChannels, parseCredential, redactUrl } from "@/lib/channels";
import { fakeServiceAccount } from "../fakes/fcm/service-account";

// A valid key file with a field Herald does not know, which must be kept.
const account = { ...fakeServiceAccount("p-1", "a@p-1.iam.gserviceaccount.com"), extra: "kept" };

const messages = (result: ReturnType<typeof parseCredential>) =>
  result.ok ? [] : result.error.issues.map((i) => i.message);

describe("fcm", () => {
  it("keeps the whole service-account JSON as the secret and summarises project and email", () => {
    const result = parseCredential("fcm", { serviceAccountJson: JSON.stringify(account) });
    expect(result).toMatchObject({
      ok: true,
      secret: account,
      summary: { projectId: "p-1", clientEmail: account.client_email },
    });
    expect(JSON.stringify(result.ok && result.summary)).not.toContain("PRIVATE");
  });
  it.each([
    ["{", "fcmJsonInvalid"],
    ["[]", "fcmNotServiceAccount"],
    [JSON.stringify({ ...account, client_email: "nope" }), "fcmClientEmail"],
    [JSON.stringify({ ...account, private_key: "-----BEGIN RSA PRIVATE KEY-----" }), "fcmPrivateKey"],
    [JSON.stringify({ ...account, project_id: "" }), "fcmProjectId"],
  ])("rejects %j", (json, code) =>
    expect(messages(parseCredential("fcm", { serviceAccountJson: json }))).toContain(code),
  );
});

describe("mqtt", () => {
  it.each([
    "mqtt://b.example.com",
    "mqtts://b.example.com:8883",
    "ws://b.example.com/mqtt",
    "wss://b.example.com/mqtt",
  ])("accepts %s", (brokerUrl) => {
    expect(parseCredential("mqtt", { brokerUrl }).ok).toBe(true);
  });
  it.each(["http://b.example.com", "b.example.com", "tcp://b.example.com"])("rejects %s", (brokerUrl) => {
    expect(messages(parseCredential("mqtt", { brokerUrl }))).toContain("mqttBrokerInvalid");
  });
  it("defaults the topic prefix, keeps the password secret and out of the summary", () => {
    const result = parseCredential("mqtt", {
      brokerUrl: "mqtt://u:pw-in-url@b.example.com:1883",
      username: "u",
      password: "pw",
    });
    expect(result).toMatchObject({
      ok: true,
      secret: { password: "pw", topicPrefix: "herald" },
      summary: { brokerUrl: "mqtt://u@b.example.com:1883", username: "u", topicPrefix: "herald" },
    });
    expect(JSON.stringify(result.ok && result.summary)).not.toContain("pw");
  });
  it("rejects topic prefixes with wildcards or slashes at the ends", () => {
    expect(messages(parseCredential("mqtt", { brokerUrl: "mqtt://b", topicPrefix: "a/#" }))).toContain(
      "mqttTopicInvalid",
    );
    expect(messages(parseCredential("mqtt", { brokerUrl: "mqtt://b", topicPrefix: "/a" }))).toContain(
      "mqttTopicInvalid",
    );
  });
});

describe("table", () => {
  it("lists the configurable channels", () =>
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
    ]));
  it("redactUrl drops only the password", () =>
    expect(redactUrl("wss://me:secret@h.example.com/mqtt")).toBe("wss://me@h.example.com/mqtt"));
});
