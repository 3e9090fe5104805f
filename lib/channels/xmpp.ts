// XMPP: apps that already keep an XMPP connection for chat get their pushes as XMPP messages on the
// app's own XMPP server. Herald connects to that server as a component (XEP-0114: a subdomain such as
// push.example.com and its shared secret) or as a bot account (client JID and password), sends each
// device's message to the device's bare JID and asks for a XEP-0184 receipt, which becomes the
// Delivery's `delivered`. The server keeps messages for offline accounts (offline storage) and hands
// them over when the device comes back; its receipt then counts. Sent by server/dispatch/providers/xmpp.
import { z } from "zod";
import { credentialDescription, type ChannelDescription } from "./types";

// How Herald reaches the server: a component (XEP-0114) or a client account.
export const xmppModes = ["component", "client"] as const;
export type XmppMode = (typeof xmppModes)[number];
// Transport security: STARTTLS required, TLS from the first byte (xmpps), or none (loopback and
// private networks only; XEP-0114 components speak plain TCP, so a component has no other choice).
export const xmppTlsModes = ["starttls", "direct", "none"] as const;
export type XmppTls = (typeof xmppTlsModes)[number];

// The sealed XMPP secret.
export interface XmppSecret {
  host: string;
  port: number;
  mode: XmppMode;
  tls: XmppTls;
  // Component mode: the component's domain and its shared secret.
  domain: string | null;
  componentSecret: string | null;
  // Client mode: the bot account's bare JID and password.
  jid: string | null;
  password: string | null;
}

// A domain part: labels of letters, digits and hyphens, or an IP literal; lower-case.
const domainPattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const ipv6Literal = /^\[[0-9a-f:.]+\]$/;
// Characters RFC 7622 forbids in a localpart (besides controls and spaces).
const localForbidden = /["&'/:<>@\s\u0000-\u001f\u007f]/;

// The canonical bare JID (localpart@domain, both lower-case, NFC) of `value`, or null when it is not
// one: a resource, an empty part or a forbidden character refuses it. Herald compares JIDs in this form.
export function canonicalBareJid(value: string): string | null {
  const text = value.trim().normalize("NFC");
  if (text.length > 2047 || text.includes("/")) return null;
  const at = text.indexOf("@");
  if (at <= 0 || at !== text.lastIndexOf("@")) return null;
  const local = text.slice(0, at).toLowerCase();
  const domain = text
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, "");
  if (local.length > 1023 || localForbidden.test(local)) return null;
  if (!domainPattern.test(domain) && !ipv6Literal.test(domain)) return null;
  return `${local}@${domain}`;
}

// A host name or IP address to connect to.
function isHost(value: string): boolean {
  return domainPattern.test(value.toLowerCase()) || ipv6Literal.test(value.toLowerCase());
}

const trimmed = z
  .string()
  .optional()
  .transform((v) => v?.trim() || null);

// The app page's form (one set of fields; those of the other mode are ignored).
export const xmppForm = z
  .object({
    host: z.string().trim().min(1, "xmppHostRequired").refine(isHost, "xmppHostInvalid"),
    port: z
      .string()
      .optional()
      .transform((v) => v?.trim() || "")
      .refine((v) => v === "" || (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535), "xmppPortInvalid"),
    mode: z.enum(xmppModes, "xmppModeInvalid"),
    tls: z.enum(xmppTlsModes, "xmppTlsInvalid"),
    domain: trimmed,
    componentSecret: z
      .string()
      .optional()
      .transform((v) => v || null),
    jid: trimmed,
    password: z
      .string()
      .optional()
      .transform((v) => v || null),
  })
  .superRefine((input, ctx) => {
    if (input.mode === "component") {
      if (!input.domain) ctx.addIssue({ code: "custom", path: ["domain"], message: "xmppDomainRequired" });
      else if (!domainPattern.test(input.domain.toLowerCase()))
        ctx.addIssue({ code: "custom", path: ["domain"], message: "xmppDomainInvalid" });
      if (!input.componentSecret)
        ctx.addIssue({ code: "custom", path: ["componentSecret"], message: "xmppSecretRequired" });
      if (input.tls !== "none") ctx.addIssue({ code: "custom", path: ["tls"], message: "xmppComponentTls" });
    } else {
      if (!input.jid) ctx.addIssue({ code: "custom", path: ["jid"], message: "xmppJidRequired" });
      else if (!canonicalBareJid(input.jid)) ctx.addIssue({ code: "custom", path: ["jid"], message: "xmppJidInvalid" });
      if (!input.password) ctx.addIssue({ code: "custom", path: ["password"], message: "xmppPasswordRequired" });
    }
  });

// The XMPP channel.
export const xmppChannel = {
  id: "xmpp",
  name: "XMPP",
  credential: credentialDescription({
    form: xmppForm,
    secret: (input): XmppSecret => {
      const component = input.mode === "component";
      return {
        host: input.host.toLowerCase(),
        port: input.port ? Number(input.port) : component ? 5347 : input.tls === "direct" ? 5223 : 5222,
        mode: input.mode,
        tls: input.tls,
        domain: component ? input.domain!.toLowerCase() : null,
        componentSecret: component ? input.componentSecret : null,
        jid: component ? null : canonicalBareJid(input.jid!),
        password: component ? null : input.password,
      };
    },
    // The secret and password are never shown again.
    summary: (secret) => ({
      host: secret.host,
      port: String(secret.port),
      mode: secret.mode,
      tls: secret.tls,
      ...(secret.mode === "component" ? { domain: secret.domain } : { jid: secret.jid }),
    }),
    required: true,
    missing: "No XMPP server is configured for this app (Apps → Provider credentials → XMPP).",
  }),
  address: {
    kind: "token",
    // A bare JID: localpart (1023 bytes) @ domainpart (1023 bytes).
    maxLength: 2047,
    description: "The bare JID (user@domain) of the account the app installation is signed in with.",
  },
  // Herald's own cap on one message stanza's payload; servers take more (Prosody 256 KiB per stanza),
  // devices on mobile links should not get more.
  payloadBytes: 64 * 1024,
} as const satisfies ChannelDescription<"xmpp">;
