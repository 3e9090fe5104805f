// One XMPP connection per app credential in a worker process, kept for the worker's life: the provider
// writes message stanzas on it, and receipts and late errors come back on it at any time (an offline
// device's receipt may come days later), so it stays connected between batches and reconnects with
// backoff (0.5 s doubling up to 30 s; 60 s after the server refused the login). What comes back is
// handed to the sinks server/receipts/xmpp-receipts.ts installs (providers never touch the database).
import { createHash, randomBytes } from "node:crypto";
import { client, xml, type XmlElement, type XmppEntity } from "@xmpp/client";
import { component } from "@xmpp/component";
import type { XmppSecret } from "@/lib/channels/xmpp";
import { ProviderConfigurationError } from "../types";
import { bareOf, outcomeOfError, parseStanzaId, readIncoming } from "./stanza";

// A failure worth retrying later (server down, connection lost, timeout).
export class XmppTransientError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "XmppTransientError";
  }
}

// A receipt or a message error that names one of Herald's deliveries.
export interface XmppReturn {
  // The apps whose provider uses this connection (one credential may serve several apps).
  appIds: string[];
  deliveryId: string;
  installationId: string;
  // The bare JID it came from (the device's).
  jid: string;
}
export interface XmppSinks {
  receipt(received: XmppReturn): void;
  // An error that arrived after its batch was recorded (the address is dead, or the message failed).
  lateError(error: XmppReturn & { outcome: "invalid_token" | "retry" | "failed"; condition: string }): void;
}

let sinks: XmppSinks | null = null;
// Where receipts and late errors go (server/receipts/xmpp-receipts.ts); none: they are dropped.
export function setXmppSinks(next: XmppSinks | null) {
  sinks = next;
}

function settings() {
  return {
    connectTimeoutMs: Number(process.env.HERALD_XMPP_CONNECT_TIMEOUT_MS ?? 10_000),
  };
}

// Stream and SASL conditions that no retry heals: the secret, account or domain is wrong.
const refusedConditions = new Set([
  "not-authorized",
  "host-unknown",
  "invalid-namespace",
  "improper-addressing",
  "account-disabled",
  "credentials-expired",
  "invalid-mechanism",
  "encryption-required",
  "policy-violation",
]);

function describe(secret: XmppSecret): string {
  return `${secret.host}:${secret.port} (${secret.mode === "component" ? secret.domain : secret.jid})`;
}

// Sorts a connection failure into "fix the settings" or "try again later".
export function classifyXmppError(error: unknown, secret: XmppSecret): Error {
  if (error instanceof ProviderConfigurationError || error instanceof XmppTransientError) return error;
  const reason = error as { condition?: string; code?: string; message?: string };
  const text = reason.message ?? String(error);
  if (reason.condition && refusedConditions.has(reason.condition))
    return new ProviderConfigurationError(
      `xmpp_${reason.condition.replaceAll("-", "_")}`,
      `The XMPP server ${describe(secret)} refused Herald: ${text}`,
    );
  if (reason.code === "ENOTFOUND")
    return new ProviderConfigurationError("xmpp_host_not_found", `The XMPP server ${describe(secret)} is unknown.`);
  if (typeof reason.code === "string" && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(reason.code))
    return new ProviderConfigurationError(
      "xmpp_tls",
      `The XMPP server ${describe(secret)} has a certificate Herald cannot trust (${reason.code}).`,
    );
  const code = reason.condition ?? reason.code ?? "connect_failed";
  return new XmppTransientError(
    `xmpp_${String(code).toLowerCase().replaceAll("-", "_")}`,
    `Could not reach the XMPP server ${describe(secret)}: ${text}`,
  );
}

// The key receipts' stanza ids are signed with: the credential's own secret.
export function stanzaKeyOf(secret: XmppSecret): string {
  return createHash("sha256")
    .update(JSON.stringify([secret.mode, secret.domain, secret.jid, secret.componentSecret, secret.password]))
    .digest("hex");
}

// Builds (not starts) the xmpp.js entity for a credential, its own reconnect switched off.
function entityFor(secret: XmppSecret): XmppEntity {
  const scheme = secret.tls === "direct" ? "xmpps" : "xmpp";
  const host = secret.host.includes(":") && !secret.host.startsWith("[") ? `[${secret.host}]` : secret.host;
  const service = `${scheme}://${host}:${secret.port}`;
  let entity: XmppEntity;
  if (secret.mode === "component") {
    entity = component({ service, domain: secret.domain!, password: secret.componentSecret! });
  } else {
    const [username, domain] = secret.jid!.split("@");
    entity = client({
      service,
      domain,
      username,
      password: secret.password!,
      resource: `herald-${randomBytes(4).toString("hex")}`,
    });
  }
  entity.reconnect.stop();
  entity.timeout = settings().connectTimeoutMs;
  return entity;
}

// Connects and authenticates once; resolves the online entity or rejects with a classified error.
export async function openXmpp(secret: XmppSecret, timeoutMs = settings().connectTimeoutMs): Promise<XmppEntity> {
  const entity = entityFor(secret);
  let failure: unknown = null;
  const onError = (error: unknown) => (failure ??= error);
  entity.on("error", onError);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      entity.start(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(Object.assign(new Error(`not online within ${timeoutMs} ms`), { code: "TIMEOUT" })),
          timeoutMs,
        );
      }),
    ]);
    if (secret.tls === "starttls" && !isEncrypted(entity)) {
      throw new ProviderConfigurationError(
        "xmpp_tls_not_offered",
        `The XMPP server ${describe(secret)} did not offer STARTTLS; choose "none" only on a private network.`,
      );
    }
    return entity;
  } catch (error) {
    await entity.stop().catch(() => undefined);
    entity.removeAllListeners();
    entity.on("error", () => undefined);
    throw classifyXmppError(failure && !(error instanceof ProviderConfigurationError) ? failure : error, secret);
  } finally {
    clearTimeout(timer);
    entity.removeListener("error", onError);
  }
}

function isEncrypted(entity: XmppEntity): boolean {
  return Boolean((entity.socket as { encrypted?: boolean } | null)?.encrypted);
}

// The live connection of one credential and the stanzas awaiting an answer on it.
export class XmppLink {
  readonly appIds = new Set<string>();
  readonly key: string;
  configurationError: ProviderConfigurationError | null = null;
  private entity: XmppEntity | null = null;
  private stopped = false;
  private online: Promise<XmppEntity>;
  private markOnline!: (entity: XmppEntity) => void;
  private failures = 0;
  // Callers of ready() waiting through a connection attempt: told at once when it fails.
  private readonly failed = new Set<(error: Error) => void>();
  // Message errors for stanzas of a batch still being sent, by stanza id.
  private readonly pending = new Map<string, (error: { condition: string; type: string }) => void>();

  constructor(readonly secret: XmppSecret) {
    this.key = stanzaKeyOf(secret);
    this.online = this.waitOnline();
    void this.run();
  }

  private waitOnline() {
    return new Promise<XmppEntity>((resolve) => (this.markOnline = resolve));
  }

  // Connects, stays until the connection drops, and connects again (with backoff) until stopped.
  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const entity = await openXmpp(this.secret);
        if (this.stopped) {
          await entity.stop().catch(() => undefined);
          return;
        }
        const closed = new Promise<void>((resolve) => {
          entity.on("status", (status) => {
            if (status === "disconnect" || status === "offline") resolve();
          });
        });
        entity.on("error", () => undefined);
        entity.on("stanza", (stanza) => this.accept(stanza));
        // A client announces itself so receipts sent to its bare JID (after a reconnect) reach it.
        if (this.secret.mode === "client") await entity.send(xml("presence", {}, xml("priority", {}, "1")));
        this.entity = entity;
        this.configurationError = null;
        this.failures = 0;
        this.markOnline(entity);
        await closed;
        this.entity = null;
        entity.removeAllListeners();
        entity.on("error", () => undefined);
        if (!this.stopped) this.online = this.waitOnline();
      } catch (error) {
        this.failures++;
        if (error instanceof ProviderConfigurationError) this.configurationError = error;
        for (const tell of [...this.failed]) tell(error as Error);
        const delay =
          error instanceof ProviderConfigurationError
            ? 60_000
            : Math.min(30_000, 500 * 2 ** Math.min(this.failures, 6));
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  }

  // The online connection; a configuration error or a transient one when it is not up within `timeoutMs`.
  async ready(timeoutMs = settings().connectTimeoutMs): Promise<XmppEntity> {
    if (this.entity && this.entity.status === "online") return this.entity;
    if (this.configurationError) throw this.configurationError;
    let timer: NodeJS.Timeout | undefined;
    let tell: ((error: Error) => void) | undefined;
    try {
      return await Promise.race([
        this.online,
        new Promise<never>((_, reject) => {
          tell = (error) =>
            reject(
              error instanceof ProviderConfigurationError || error instanceof XmppTransientError
                ? error
                : classifyXmppError(error, this.secret),
            );
          this.failed.add(tell);
          timer = setTimeout(
            () =>
              reject(
                this.configurationError ??
                  new XmppTransientError(
                    "xmpp_unreachable",
                    `The XMPP server ${describe(this.secret)} is not reachable.`,
                  ),
              ),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
      if (tell) this.failed.delete(tell);
    }
  }

  // The bare JID Herald sends from (the component's domain or the bot's JID).
  get from(): string | null {
    return this.entity?.jid?.toString() ?? null;
  }

  // Writes a stanza; `onError` gets its message error if one comes back while the batch is open.
  async send(stanza: XmlElement, id: string, onError: (error: { condition: string; type: string }) => void) {
    const entity = await this.ready(0).catch(() => null);
    if (!entity) throw new XmppTransientError("xmpp_connection_lost", "the XMPP connection was lost");
    this.pending.set(id, onError);
    try {
      await entity.send(stanza);
    } catch (error) {
      this.pending.delete(id);
      throw new XmppTransientError("xmpp_connection_lost", (error as Error).message);
    }
  }

  // Waits until the server has routed what was written before: it answers a ping to each domain
  // after it bounced any error for earlier messages to that domain (it routes a stream's stanzas in order).
  async barrier(domains: Iterable<string>, timeoutMs: number): Promise<void> {
    const entity = this.entity;
    if (!entity) return;
    await Promise.all(
      [...new Set(domains)].map((domain) =>
        entity.iqCaller
          .request(xml("iq", { type: "get", to: domain }, xml("ping", { xmlns: "urn:xmpp:ping" })), timeoutMs)
          .catch(() => undefined),
      ),
    );
  }

  // Stops routing errors for these stanzas to their batch (later ones are late errors).
  settle(ids: Iterable<string>) {
    for (const id of ids) this.pending.delete(id);
  }

  private accept(stanza: XmlElement): void {
    const incoming = readIncoming(stanza);
    if (!incoming) return;
    if (incoming.kind === "error") {
      const waiting = this.pending.get(incoming.id);
      if (waiting) {
        this.pending.delete(incoming.id);
        waiting(incoming);
        return;
      }
    }
    const named = parseStanzaId(this.key, incoming.id, incoming.from);
    if (!named || !sinks) return;
    const common = { appIds: [...this.appIds], ...named, jid: bareOf(incoming.from) };
    if (incoming.kind === "receipt") sinks.receipt(common);
    else sinks.lateError({ ...common, outcome: outcomeOfError(incoming), condition: incoming.condition });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const entity = this.entity;
    this.entity = null;
    await entity?.stop().catch(() => undefined);
  }
}

const links = new Map<string, XmppLink>();

function poolKey(secret: XmppSecret): string {
  return JSON.stringify([secret.host, secret.port, secret.tls, stanzaKeyOf(secret)]);
}

// The connection of a credential, opened on first use and kept until closeXmppLinks(); `appId` is
// recorded as one of its apps (receipts are matched against them).
export function acquireXmppLink(appId: string, secret: XmppSecret): XmppLink {
  const key = poolKey(secret);
  let link = links.get(key);
  if (!link) links.set(key, (link = new XmppLink(secret)));
  link.appIds.add(appId);
  return link;
}

// The connection already open for a credential in this process, if any.
export function existingXmppLink(secret: XmppSecret): XmppLink | undefined {
  return links.get(poolKey(secret));
}

// Closes the connections whose credential is not among `keep` (a credential replaced or removed).
export async function pruneXmppLinks(keep: XmppSecret[]): Promise<void> {
  const wanted = new Set(keep.map(poolKey));
  const gone = [...links.entries()].filter(([key]) => !wanted.has(key));
  for (const [key] of gone) links.delete(key);
  await Promise.all(gone.map(([, link]) => link.stop()));
}

// Closes every connection (worker shutdown, tests).
export async function closeXmppLinks(): Promise<void> {
  const all = [...links.values()];
  links.clear();
  await Promise.all(all.map((link) => link.stop()));
}
