// The XMPP provider against a real Prosody (Debian's prosody, the repo's config in
// tests/support/prosody/) with real XMPP clients as devices: a message arrives with Herald's payload and
// its receipt comes back on Herald's connection, also for a device that was offline at the send and
// signs in later (Prosody's offline storage); bounces for unknown accounts (invalid token) and remote
// domains; a wrong secret or password is a configuration error; "Test credentials"; an unreachable
// server is a retry; the connection comes back after Prosody restarts.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { XmppSecret } from "@/lib/channels/xmpp";
import { closeXmppLinks, setXmppSinks, type XmppReturn } from "@/server/dispatch/providers/xmpp/link";
import { createXmppProvider, verifyXmppCredential } from "@/server/dispatch/providers/xmpp/provider";
import { heraldPushNs } from "@/server/dispatch/providers/xmpp/stanza";
import { ProviderConfigurationError, type OutgoingMessage } from "@/server/dispatch/providers/types";
import { byDelivery, codes, outcomes } from "../support/provider-contract";
import { prosodyMissing, startProsody, type Prosody } from "../support/prosody";
import { connectDevice, type XmppDevice } from "../support/xmpp-device";

const missing = prosodyMissing();
let prosody: Prosody;
const devices: XmppDevice[] = [];
const receipts: XmppReturn[] = [];
const lateErrors: XmppReturn[] = [];

beforeAll(async () => {
  if (missing) return;
  prosody = await startProsody();
  for (const user of ["alice", "bob", "carol", "dave"]) await prosody.register(user, `pw-${user}`);
  await prosody.register("bot", "bot-password");
  process.env.HERALD_XMPP_CONNECT_TIMEOUT_MS = "3000";
});

afterEach(async () => {
  await Promise.all(devices.splice(0).map((device) => device.stop()));
  await closeXmppLinks();
  setXmppSinks(null);
  receipts.length = 0;
  lateErrors.length = 0;
});

afterAll(async () => {
  delete process.env.HERALD_XMPP_CONNECT_TIMEOUT_MS;
  await prosody?.close();
});

const componentSecret = (overrides: Partial<XmppSecret> = {}): XmppSecret => ({
  host: "127.0.0.1",
  port: prosody.componentPort,
  mode: "component",
  tls: "none",
  domain: prosody.componentDomain,
  componentSecret: prosody.componentSecret,
  jid: null,
  password: null,
  ...overrides,
});

const botSecret = (overrides: Partial<XmppSecret> = {}): XmppSecret => ({
  host: "127.0.0.1",
  port: prosody.c2sPort,
  mode: "client",
  tls: "none",
  domain: null,
  componentSecret: null,
  jid: `bot@${prosody.domain}`,
  password: "bot-password",
  ...overrides,
});

const campaignId = randomUUID();
let nextDelivery = 1000;
function message(token: string | null, title = "Storm warning"): OutgoingMessage {
  const id = nextDelivery++;
  return {
    deliveryId: String(id),
    deviceId: `device-${id}`,
    installationId: randomUUID(),
    platform: "android",
    token,
    campaignId,
    variantKey: "A",
    locale: "en",
    content: { title, body: "Stay indoors", url: "https://news.example/storm", data: { story: "42" } },
  };
}

function batch(messages: OutgoingMessage[]) {
  return { appId: "app-1", campaignId, options: { priority: "high" as const, ttlSeconds: 600 }, messages };
}

function captureReturns() {
  setXmppSinks({ receipt: (r) => receipts.push(r), lateError: (e) => lateErrors.push(e) });
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(missing)("XMPP provider on a real Prosody", () => {
  it("component: devices get the message with Herald's payload, receipts come back, bounces are sorted", async () => {
    captureReturns();
    const alice = await connectDevice(prosody, "alice", "pw-alice");
    const bob = await connectDevice(prosody, "bob", "pw-bob");
    devices.push(alice, bob);
    const provider = createXmppProvider({ appId: "app-1", channel: "xmpp", secret: componentSecret() });
    const sent = [
      message(alice.jid),
      message("BOB@localhost"),
      message(`nobody-${randomUUID().slice(0, 6)}@localhost`),
      message("someone@elsewhere.example"),
      message("not a jid"),
    ];
    const results = await provider.send(batch(sent));
    expect(outcomes(results)).toEqual(["sent", "sent", "invalid_token", "failed", "invalid_token"]);
    expect(codes(results)).toEqual([null, null, "xmpp_service_unavailable", "xmpp_not_allowed", "xmpp_jid_malformed"]);

    const [got] = await alice.waitFor(1);
    expect(got.attrs.from).toBe(prosody.componentDomain);
    expect(got.attrs.type).toBe("chat");
    expect(got.getChildText("body")).toBe("Storm warning: Stay indoors");
    const push = got.getChild("push", heraldPushNs)!;
    expect(push.attrs).toMatchObject({ campaign: campaignId, delivery: sent[0].deliveryId });
    expect(JSON.parse(push.getText())).toMatchObject({
      messageId: sent[0].deliveryId,
      campaignId,
      title: "Storm warning",
      url: "https://news.example/storm",
      data: { story: "42" },
    });
    expect(byDelivery(results)[sent[0].deliveryId]).toMatchObject({ providerMessageId: got.attrs.id });
    await bob.waitFor(1);

    await until(() => receipts.length === 2, "two receipts");
    expect(receipts.map((r) => [r.deliveryId, r.installationId, r.jid, r.appIds]).sort()).toEqual(
      [
        [sent[0].deliveryId, sent[0].installationId, "alice@localhost", ["app-1"]],
        [sent[1].deliveryId, sent[1].installationId, "bob@localhost", ["app-1"]],
      ].sort(),
    );
    await provider.close();
  });

  it("a device offline at the send gets the message when it signs in, and its receipt comes back then", async () => {
    captureReturns();
    const provider = createXmppProvider({ appId: "app-1", channel: "xmpp", secret: componentSecret() });
    const offline = message("carol@localhost", "While you were away");
    expect(outcomes(await provider.send(batch([offline])))).toEqual(["sent"]);
    await new Promise((r) => setTimeout(r, 300));
    expect(receipts).toEqual([]);

    const carol = await connectDevice(prosody, "carol", "pw-carol");
    devices.push(carol);
    const [got] = await carol.waitFor(1);
    expect(got.getChildText("body")).toBe("While you were away: Stay indoors");
    // Prosody stamps what it kept offline (XEP-0203).
    expect(got.getChild("delay", "urn:xmpp:delay")).toBeDefined();
    await until(() => receipts.length === 1, "the late receipt");
    expect(receipts[0]).toMatchObject({ deliveryId: offline.deliveryId, installationId: offline.installationId });
  });

  it("bot account: sends from the bot's JID and gets the receipt", async () => {
    captureReturns();
    const dave = await connectDevice(prosody, "dave", "pw-dave");
    devices.push(dave);
    const provider = createXmppProvider({ appId: "app-1", channel: "xmpp", secret: botSecret() });
    const one = message(dave.jid);
    expect(outcomes(await provider.send(batch([one, message("ghost@localhost")])))).toEqual(["sent", "invalid_token"]);
    const [got] = await dave.waitFor(1);
    expect(got.attrs.from).toMatch(/^bot@localhost\/herald-/);
    await until(() => receipts.length === 1, "the bot's receipt");
    expect(receipts[0]).toMatchObject({ deliveryId: one.deliveryId, jid: "dave@localhost" });
  });

  it("a wrong component secret or bot password is a configuration error, and Test credentials says so", async () => {
    const wrongComponent = componentSecret({ componentSecret: "wrong" });
    const provider = createXmppProvider({ appId: "app-1", channel: "xmpp", secret: wrongComponent });
    const failure = await provider.send(batch([message("alice@localhost")])).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderConfigurationError);
    expect(failure).toMatchObject({ code: "xmpp_not_authorized" });
    expect(await verifyXmppCredential(wrongComponent)).toMatchObject({ ok: false, code: "xmpp_not_authorized" });
    expect(await verifyXmppCredential(botSecret({ password: "nope" }))).toMatchObject({
      ok: false,
      code: "xmpp_not_authorized",
    });
    expect(await verifyXmppCredential(botSecret())).toEqual({ ok: true });
    expect(await verifyXmppCredential(componentSecret())).toEqual({ ok: true });
  });

  it("STARTTLS required on a server that offers none is a configuration error", async () => {
    expect(await verifyXmppCredential(botSecret({ tls: "starttls" }))).toMatchObject({
      ok: false,
      code: "xmpp_tls_not_offered",
    });
  });

  it("an unreachable server is a retry, not a configuration error", async () => {
    const provider = createXmppProvider({
      appId: "app-1",
      channel: "xmpp",
      secret: componentSecret({ port: 1 }),
    });
    const results = await provider.send(batch([message("alice@localhost")]));
    expect(outcomes(results)).toEqual(["retry"]);
    expect(codes(results)).toEqual(["xmpp_econnrefused"]);
  });

  it("reconnects after Prosody restarts and sends again", async () => {
    captureReturns();
    const provider = createXmppProvider({ appId: "app-1", channel: "xmpp", secret: componentSecret() });
    expect(outcomes(await provider.send(batch([message("alice@localhost")])))).toEqual(["sent"]);
    await prosody.stop();
    await prosody.start();
    const alice = await connectDevice(prosody, "alice", "pw-alice");
    devices.push(alice);
    // The first message was kept offline for alice; the second goes out once Herald is back.
    const again = message("alice@localhost", "After the restart");
    let results = await provider.send(batch([again]));
    for (let tries = 0; results[0].outcome === "retry" && tries < 10; tries++) {
      await new Promise((r) => setTimeout(r, 500));
      results = await provider.send(batch([again]));
    }
    expect(outcomes(results)).toEqual(["sent"]);
    const got = await alice.waitFor(2);
    expect(got.map((m) => m.getChildText("body"))).toContain("After the restart: Stay indoors");
    await until(() => receipts.some((r) => r.deliveryId === again.deliveryId), "the receipt after the restart");
  });
});
