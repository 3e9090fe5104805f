// The MQTT topic layout shared by Herald and the devices (documented in the README):
//   <prefix>/<appId>/devices/<installationId>/messages   Herald -> device, QoS 1
//   <prefix>/<appId>/devices/<installationId>/receipts   device -> Herald, {messageId, status, at}

// Where one device's messages are published.
export function messageTopic(prefix: string, appId: string, installationId: string): string {
  return `${prefix}/${appId}/devices/${installationId}/messages`;
}

// Where one device publishes its receipts.
export function receiptTopic(prefix: string, appId: string, installationId: string): string {
  return `${prefix}/${appId}/devices/${installationId}/receipts`;
}

// The filter matching every device's receipts under a prefix; shared (one copy per group) when asked.
export function receiptFilter(prefix: string, shared: boolean): string {
  const filter = `${prefix}/+/devices/+/receipts`;
  return shared ? `$share/herald/${filter}` : filter;
}

// The app and installation a receipt topic names, or null when the topic is not a receipt topic.
export function parseReceiptTopic(prefix: string, topic: string): { appId: string; installationId: string } | null {
  if (!topic.startsWith(`${prefix}/`)) return null;
  const parts = topic.slice(prefix.length + 1).split("/");
  if (parts.length !== 4 || parts[1] !== "devices" || parts[3] !== "receipts") return null;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!uuid.test(parts[0]) || !uuid.test(parts[2])) return null;
  return { appId: parts[0].toLowerCase(), installationId: parts[2].toLowerCase() };
}
