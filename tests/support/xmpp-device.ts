// A simulated device for the XMPP tests: a real XMPP client (@xmpp/client) signed in to the test's
// Prosody, collecting the messages it gets and answering each receipt request with a XEP-0184
// <received/> (unless told not to), as an app's chat connection would.
import { client, xml, type XmlElement, type XmppEntity } from "@xmpp/client";
import type { Prosody } from "./prosody";

export interface XmppDevice {
  jid: string;
  messages: XmlElement[];
  // Resolves once `count` messages have arrived.
  waitFor(count: number, timeoutMs?: number): Promise<XmlElement[]>;
  stop(): Promise<void>;
}

export async function connectDevice(
  prosody: Prosody,
  user: string,
  password: string,
  options: { receipts?: boolean } = {},
): Promise<XmppDevice> {
  const entity: XmppEntity = client({
    service: `xmpp://127.0.0.1:${prosody.c2sPort}`,
    domain: prosody.domain,
    username: user,
    password,
    resource: "phone",
  });
  entity.reconnect.stop();
  entity.on("error", () => undefined);
  const messages: XmlElement[] = [];
  const waiters: Array<() => void> = [];
  entity.on("stanza", (stanza) => {
    if (!stanza.is("message") || stanza.attrs.type === "error" || !stanza.getChild("body")) return;
    messages.push(stanza);
    if (options.receipts !== false && stanza.getChild("request", "urn:xmpp:receipts") && stanza.attrs.from)
      void entity
        .send(
          xml(
            "message",
            { to: stanza.attrs.from, id: `r-${messages.length}` },
            xml("received", { xmlns: "urn:xmpp:receipts", id: stanza.attrs.id }),
          ),
        )
        .catch(() => undefined);
    for (const wake of waiters.splice(0)) wake();
  });
  await entity.start();
  // Available: the server now hands over what it kept offline.
  await entity.send(xml("presence"));
  return {
    jid: `${user}@${prosody.domain}`,
    messages,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`${user} got ${messages.length} of ${count} messages`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return messages;
    },
    async stop() {
      await entity.stop().catch(() => undefined);
    },
  };
}
