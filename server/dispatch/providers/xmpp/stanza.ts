// The stanzas Herald sends and reads on the XMPP channel (documented for app developers in the README):
//
//   <message to="device@example.com" type="chat" id="h.<deliveryId>.<installationId>.<tag>">
//     <body>title: body</body>
//     <push xmlns="urn:x-herald:push:1" campaign="<campaignId>" delivery="<deliveryId>">{device payload JSON}</push>
//     <request xmlns="urn:xmpp:receipts"/>          XEP-0184: the device answers <received id="..."/>
//     <store xmlns="urn:xmpp:hints"/>               XEP-0334: keep it for an offline device
//   </message>
//
// The device payload JSON is the one MQTT and the inbox carry (device-payload.ts): title, body, url,
// imageUrl, data, expiresAt... The stanza id names the Delivery and the installation, so a receipt that
// comes back hours later (from offline storage) or to another worker still finds its Delivery, and a
// tag (HMAC of both and of the JID sent to, keyed with the credential's secret) proves the receipt
// answers a message Herald sent to that JID: a forged or foreign receipt changes nothing.
import { createHmac, timingSafeEqual } from "node:crypto";
import { xml, type XmlElement } from "@xmpp/client";
import { buildDevicePayload } from "../device-payload";
import type { DeliveryOptions, OutgoingMessage } from "../types";

export const heraldPushNs = "urn:x-herald:push:1";
export const receiptsNs = "urn:xmpp:receipts";
const hintsNs = "urn:xmpp:hints";
const stanzasNs = "urn:ietf:params:xml:ns:xmpp-stanzas";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// The bare JID of a full or bare JID, lower-case (what Herald stores as the device's token).
export function bareOf(jid: string): string {
  const slash = jid.indexOf("/");
  return (slash < 0 ? jid : jid.slice(0, slash)).toLowerCase();
}

function tagOf(key: string, deliveryId: string, installationId: string, jid: string): string {
  return createHmac("sha256", key).update(`${deliveryId}|${installationId}|${jid}`).digest("base64url").slice(0, 16);
}

// The stanza id of a message to `jid`.
export function stanzaIdFor(key: string, deliveryId: string, installationId: string, jid: string): string {
  return `h.${deliveryId}.${installationId}.${tagOf(key, deliveryId, installationId, bareOf(jid))}`;
}

// The Delivery and installation a stanza id names, when it is Herald's and was sent to `fromJid`.
export function parseStanzaId(
  key: string,
  id: string,
  fromJid: string,
): { deliveryId: string; installationId: string } | null {
  const parts = id.split(".");
  if (parts.length !== 4 || parts[0] !== "h" || !/^\d{1,19}$/.test(parts[1]) || !uuid.test(parts[2])) return null;
  const expected = Buffer.from(tagOf(key, parts[1], parts[2], bareOf(fromJid)));
  const given = Buffer.from(parts[3]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { deliveryId: parts[1], installationId: parts[2] };
}

// The message stanza for one device, and its size in bytes.
export function messageStanza(
  key: string,
  from: string | null,
  message: OutgoingMessage,
  options: DeliveryOptions,
  sentAt: Date,
): { stanza: XmlElement; id: string; bytes: number } {
  const to = message.token!;
  const id = stanzaIdFor(key, message.deliveryId, message.installationId, to);
  const payload = buildDevicePayload(message, options, sentAt);
  const { title, body } = message.content;
  const stanza = xml(
    "message",
    { to, type: "chat", id, ...(from ? { from } : {}) },
    xml("body", {}, title ? `${title}: ${body}` : body),
    xml(
      "push",
      { xmlns: heraldPushNs, campaign: message.campaignId, delivery: message.deliveryId },
      JSON.stringify(payload),
    ),
    xml("request", { xmlns: receiptsNs }),
    xml("store", { xmlns: hintsNs }),
  );
  return { stanza, id, bytes: Buffer.byteLength(stanza.toString()) };
}

// What an incoming stanza means to Herald.
export type Incoming =
  | { kind: "receipt"; id: string; from: string }
  | { kind: "error"; id: string; from: string; condition: string; type: string }
  | null;

// Reads a XEP-0184 receipt or a message error; anything else is null.
export function readIncoming(stanza: XmlElement): Incoming {
  if (!stanza.is("message")) return null;
  const from = stanza.attrs.from ?? "";
  if (stanza.attrs.type === "error") {
    const id = stanza.attrs.id;
    const error = stanza.getChild("error");
    if (!id || !error) return null;
    const condition = error.children.find(
      (c) => typeof c !== "string" && c.attrs.xmlns === stanzasNs && c.name !== "text",
    );
    return {
      kind: "error",
      id,
      from,
      condition: typeof condition === "object" && condition ? condition.name : "undefined-condition",
      type: error.attrs.type ?? "cancel",
    };
  }
  const received = stanza.getChild("received", receiptsNs);
  const id = received?.attrs.id;
  return id ? { kind: "receipt", id, from } : null;
}

// RFC 6120 8.3.3 conditions that mean no such account can get messages: the address is dead.
const deadConditions = new Set(["item-not-found", "service-unavailable", "jid-malformed", "gone"]);
// Conditions that heal: the remote server is away or busy.
const transientConditions = new Set([
  "remote-server-not-found",
  "remote-server-timeout",
  "resource-constraint",
  "internal-server-error",
  "policy-violation",
]);

// What a message error means for its delivery.
export function outcomeOfError(error: { condition: string; type: string }): "invalid_token" | "retry" | "failed" {
  if (deadConditions.has(error.condition)) return "invalid_token";
  if (transientConditions.has(error.condition) || error.type === "wait") return "retry";
  return "failed";
}
