// Finds, in the texts of a page shown in Chinese, what a Chinese reader should not meet: message keys
// (next-intl shows a missing message as its key path), dotted action codes (`campaigns.submit`), a
// transition between raw enum values (`draft → pending_approval`), a model's CamelCase name
// (`ProviderCredential`), and English words that are neither a product or vendor name nor the users'
// own data (names, titles, models, tags the database holds).

// Names that stay as they are in every language: products, vendors, platforms, protocols, units.
export const brandWords = [
  "Herald",
  "FCM",
  "Firebase",
  "APNs",
  "APNS",
  "MQTT",
  "HMS",
  "Huawei",
  "HarmonyOS",
  "JPush",
  "Xiaomi",
  "MIUI",
  "HyperOS",
  "OPPO",
  "ColorOS",
  "OnePlus",
  "vivo",
  "Honor",
  "Meizu",
  "iOS",
  "iPadOS",
  "iPhone",
  "iPad",
  "Android",
  "Apple",
  "Google",
  "Chrome",
  "Chromium",
  "Safari",
  "Firefox",
  "Edge",
  "Web Push",
  "WebPush",
  "VAPID",
  "Twilio",
  "Alibaba Cloud",
  "Aliyun",
  "XMPP",
  "Prosody",
  "SMS",
  "PostgreSQL",
  "UTC",
  "GMT",
  "CSV",
  "API",
  "URL",
  "JSON",
  "HTTP",
  "HTTPS",
  "TLS",
  "JWT",
  "P8",
  "PEM",
  "UUID",
  "ID",
  "IDs",
  "A/B",
  "English",
  "OneSignal",
  "Grafana",
  "Prometheus",
  "cron",
  "Newcombe",
  "Wilson",
];

// Technical terms and the segment language, which Chinese text quotes as they are.
export const technicalWords = [
  "Bundle ID",
  "Origin",
  "Push Kit",
  "IANA",
  "ISO",
  "SDK",
  "QoS",
  "HMAC",
  "GSM",
  "UCS",
  "JID",
  "ejabberd",
  "realme",
  "POCO",
  "Redmi",
  "VIP",
  "https",
  "http",
  "localhost",
  "scheme",
  "GET",
  "POST",
  "PUT",
  "myapp",
  "default",
  // The segment language's fields and keywords (lib/segments).
  "tag",
  "platform",
  "channel",
  "locale",
  "timezone",
  "appVersion",
  "lastActive",
  "createdAt",
  "test",
  "and",
  "or",
  "not",
  "any",
  "all",
  "installationId",
  "mqtt",
  "xmpp",
];

// The action codes' domains besides the message namespaces.
const codeDomains = ["credentials", "campaignTemplates", "devices", "campaigns", "apps", "users", "segments"];

export interface UntranslatedOptions {
  // The message namespaces (file names under messages/en): a key path starts with one of them.
  namespaces: string[];
  // The users' own strings, which stay as written.
  stored: string[];
  // More words to allow.
  allow?: string[];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Removes what is allowed to stay in a Latin script: addresses, ids, numbers with units, time zones,
// the users' own strings and the product names.
function strip(text: string, stored: string[], allow: string[]): string {
  let out = text
    .replace(/\bhttps?:\/\/\S+/g, " ")
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, " ")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, " ")
    .replace(/\b[A-Z][a-z]+(?:\/[A-Za-z_+-]+)+\b/g, " ")
    .replace(/\b(?:[a-z][a-z0-9_]*\.)+(?:com|cn|net|org|io|local|test|example|dev)\b[\w./-]*/g, " ");
  for (const value of stored) if (value.length > 1 && out.includes(value)) out = out.split(value).join(" ");
  // Segment terms (tag:vip, lastActive>30d), then the allowed words, then paths and addresses (a/b/c,
  // scheme://…), placeholders ({code}, <installationId>), and ids and codes: tokens with a digit
  // (msg-0b0b3c2d-0, v5.2) or in capitals (a vendor's UNREGISTERED).
  out = out.replace(/\b\w+:[\w*.-]+/g, " ").replace(/\b\w+\s*(?:>=|<=|!=|>|<|=)\s*[\w.]+/g, " ");
  for (const word of allow) out = out.replace(new RegExp(`(?<![A-Za-z])${escape(word)}(?![A-Za-z])`, "g"), " ");
  out = out
    .replace(/\S*\/\S*/g, " ")
    .replace(/\{\w+\}|<\w+>/g, " ")
    .replace(/(?<![\w-])[\w.-]*\d[\w.-]*(?![\w-])/g, " ")
    .replace(/(?<![\w-])[A-Z][A-Z0-9_]+(?![\w-])/g, " ");
  return out;
}

// One text of a page; `code` when it is inside <code>, <kbd>, <pre> or <samp> (quoted code, in which
// English words are allowed; keys, action codes and raw values are not).
export interface PageText {
  text: string;
  code?: boolean;
}

export function untranslatedFindings(texts: (string | PageText)[], options: UntranslatedOptions): string[] {
  const domains = [...new Set([...options.namespaces, ...codeDomains])].map(escape).join("|");
  const keyPath = new RegExp(`(?<![\\w@./-])(?:${domains})\\.[a-zA-Z][\\w]*(?:\\.[a-zA-Z][\\w]*)*(?![\\w@-])`, "g");
  const rawTransition = /(?:^|[^\p{L}])([a-z][a-z_]*)\s*→|→\s*([a-z][a-z_]*)(?![\p{L}])/u;
  const camel = /(?<![\w-])[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+(?![\w-])/g;
  const stored = [...options.stored].sort((a, b) => b.length - a.length);
  const allow = [...brandWords, ...technicalWords, ...(options.allow ?? [])].sort((a, b) => b.length - a.length);
  const allowed = new Set(allow);
  const out = new Set<string>();
  for (const item of texts) {
    const { text: raw, code = false } = typeof item === "string" ? { text: item } : item;
    const text = raw.replace(/\s+/g, " ").trim();
    if (!text) continue;
    const withoutStored = strip(text, stored, []);
    for (const match of withoutStored.match(keyPath) ?? []) out.add(`message key or action code "${match}"`);
    const transition = withoutStored.match(rawTransition);
    if (transition) out.add(`raw value in a transition "${text.slice(0, 80)}"`);
    // Quoted code may hold a vendor's own CamelCase codes (APNs' BadDeviceToken), not a model's name.
    if (!code)
      for (const match of withoutStored.match(camel) ?? []) if (!allowed.has(match)) out.add(`model name "${match}"`);
    const rest = strip(text.replace(keyPath, " "), stored, allow);
    const words = rest.match(/(?<![\w'’])[A-Za-z][A-Za-z'’]{2,}(?![\w'’])/g) ?? [];
    if (words.length > 0 && !code) out.add(`English "${words.join(" ").slice(0, 80)}" in "${text.slice(0, 80)}"`);
  }
  return [...out];
}
