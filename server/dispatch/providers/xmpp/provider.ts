// The XMPP channel: each message goes as a chat message with a XEP-0184 receipt request to its device's
// bare JID (stanza.ts), on the credential's connection (link.ts), kept for the worker's life. A message
// is `sent` once written, unless the server bounces it before the batch closes: after writing the batch
// Herald pings each recipient domain, and the server answers only after it routed (and bounced) the
// messages written before. Bounces: no such account (service-unavailable, item-not-found) -> invalid
// token; remote server away -> retry; anything else -> failed. A bounce that comes later still marks the
// address invalid (server/receipts/xmpp-receipts.ts). Receipts make the Delivery `delivered` there too.
import { canonicalBareJid, xmppChannel, type XmppSecret } from "@/lib/channels/xmpp";
import {
  assertSendable,
  type OutgoingBatch,
  ProviderConfigurationError,
  type ProviderFactory,
  type SendResult,
} from "../types";
import { acquireXmppLink, existingXmppLink, openXmpp, XmppTransientError } from "./link";
import { messageStanza, outcomeOfError } from "./stanza";

export const xmppMaxBatch = 500;
export const xmppMaxPayloadBytes = xmppChannel.payloadBytes;

function barrierMs(): number {
  return Number(process.env.HERALD_XMPP_BARRIER_MS ?? 5000);
}

// Builds an XMPP provider for one app's credential.
export const createXmppProvider: ProviderFactory<XmppSecret> = (credential) => {
  const secret = credential.secret;
  let closed = false;

  async function send(batch: OutgoingBatch): Promise<SendResult[]> {
    assertSendable("XMPP", closed, batch, xmppMaxBatch);
    if (!secret) throw new ProviderConfigurationError("NO_CREDENTIAL", xmppChannel.credential.missing);
    const link = acquireXmppLink(credential.appId, secret);
    try {
      await link.ready();
    } catch (error) {
      if (error instanceof XmppTransientError)
        return batch.messages.map((m) => ({ deliveryId: m.deliveryId, outcome: "retry", errorCode: error.code }));
      throw error;
    }
    const sentAt = batch.sentAt ?? new Date();
    const results = new Map<string, SendResult>();
    const written: string[] = [];
    const domains = new Set<string>();
    let lost: string | null = null;
    for (const message of batch.messages) {
      if (batch.signal?.aborted) break;
      const { deliveryId } = message;
      const jid = message.token ? canonicalBareJid(message.token) : null;
      if (!jid) {
        results.set(deliveryId, { deliveryId, outcome: "invalid_token", errorCode: "xmpp_jid_malformed" });
        continue;
      }
      const { stanza, id, bytes } = messageStanza(
        link.key,
        link.from,
        { ...message, token: jid },
        batch.options,
        sentAt,
      );
      if (bytes > xmppMaxPayloadBytes) {
        results.set(deliveryId, { deliveryId, outcome: "failed", errorCode: "payload_too_large" });
        continue;
      }
      try {
        await link.send(stanza, id, (error) => {
          const outcome = outcomeOfError(error);
          const errorCode = `xmpp_${error.condition.replaceAll("-", "_")}`;
          results.set(deliveryId, { deliveryId, outcome, errorCode } as SendResult);
        });
      } catch (error) {
        lost = error instanceof XmppTransientError ? error.code : "xmpp_connection_lost";
        break;
      }
      written.push(id);
      domains.add(jid.slice(jid.indexOf("@") + 1));
      if (!results.has(deliveryId)) results.set(deliveryId, { deliveryId, outcome: "sent", providerMessageId: id });
    }
    if (written.length) await link.barrier(domains, barrierMs());
    link.settle(written);
    const stopped = batch.signal?.aborted ? "aborted" : (lost ?? "xmpp_connection_lost");
    return batch.messages.map(
      (m) => results.get(m.deliveryId) ?? { deliveryId: m.deliveryId, outcome: "retry", errorCode: stopped },
    );
  }

  return {
    channel: "xmpp",
    // One connection per credential: stanzas are pipelined on it, so parallel calls add nothing.
    limits: { maxBatch: xmppMaxBatch, concurrency: 1, maxPayloadBytes: xmppMaxPayloadBytes },
    send,
    // The connection stays open for the worker's receipts (closeXmppLinks at shutdown).
    async close() {
      closed = true;
    },
  };
};

// "Test credentials": connects and authenticates, then disconnects. A component that this worker
// already holds online passes (the server takes one connection per component).
export async function verifyXmppCredential(
  secret: XmppSecret,
): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  const held = existingXmppLink(secret);
  if (
    held &&
    (await held.ready(0).then(
      () => true,
      () => false,
    ))
  )
    return { ok: true };
  try {
    const entity = await openXmpp(secret);
    await entity.stop().catch(() => undefined);
    return { ok: true };
  } catch (error) {
    const reason = error as { code?: string; message?: string };
    // The server refuses a second connection of a component whose secret it accepted.
    if (reason.code === "xmpp_conflict") return { ok: true };
    return { ok: false, code: reason.code ?? "xmpp_connect_failed", message: reason.message ?? String(error) };
  }
}
