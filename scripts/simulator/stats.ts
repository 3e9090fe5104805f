// What the simulator has done so far: the figures of its live summary and of runSimulation()'s result.

export interface SimulatorStats {
  startedAt: number;
  devices: {
    wanted: number;
    // Registered through the API in this run (new, or again after a failed or unsubscribed state).
    registered: number;
    // Found registered by an earlier run (read from the database) and adopted as they are.
    adopted: number;
    failed: number;
    // New devices whose lastActiveAt was set back to their simulated history (needs the database).
    backdated: number;
    // Devices per push channel (the first of their addresses).
    byChannel: Record<string, number>;
    // Devices none of whose addresses the simulator receives on here (e.g. APNs and no MQTT broker, or
    // a vendor channel without its fake and no MQTT).
    unreachable: number;
  };
  // Pushes received per channel (first copy of each message per device).
  pushes: Record<string, number>;
  // Copies seen again (QoS 1 redelivery, inbox pages, vendor retries) and messages ignored as expired or from before
  // this run.
  duplicates: number;
  skipped: number;
  // Pushes that reached a muted phone (BehaviourSettings.mutedShare): not confirmed, not shown.
  muted: number;
  mqttReceipts: number;
  // Devices whose phone number is set, SMS signals that reached a simulated phone, and the inbox fetches they caused.
  sms: { numbers: number; received: number; fetched: number };
  // Pushes per vendor channel whose arrival the vendor's fake confirms by its receipt callback (the app
  // posts no `received` event for them).
  vendorReceipts: Record<string, number>;
  // Events handed to POST /api/v1/events, and what the server said about them.
  events: {
    queued: number;
    posted: number;
    accepted: number;
    duplicates: number;
    refused: number;
    refusedByReason: Record<string, number>;
    retriedBatches: number;
    pending: number;
  };
  behaviour: {
    opened: number;
    clicked: number;
    dismissed: number;
    appOpens: number;
    // App opens of devices dormant 30+ days, after opening a push / by themselves.
    reactivatedByPush: number;
    reactivatedAlone: number;
    reRegistered: number;
  };
  // Non-fatal problems worth a line in the summary (last few).
  warnings: string[];
}

export function emptyStats(wanted: number): SimulatorStats {
  return {
    startedAt: Date.now(),
    devices: { wanted, registered: 0, adopted: 0, failed: 0, backdated: 0, byChannel: {}, unreachable: 0 },
    pushes: {},
    duplicates: 0,
    skipped: 0,
    muted: 0,
    mqttReceipts: 0,
    sms: { numbers: 0, received: 0, fetched: 0 },
    vendorReceipts: {},
    events: {
      queued: 0,
      posted: 0,
      accepted: 0,
      duplicates: 0,
      refused: 0,
      refusedByReason: {},
      retriedBatches: 0,
      pending: 0,
    },
    behaviour: {
      opened: 0,
      clicked: 0,
      dismissed: 0,
      appOpens: 0,
      reactivatedByPush: 0,
      reactivatedAlone: 0,
      reRegistered: 0,
    },
    warnings: [],
  };
}

// Keeps a warning once (the last five distinct ones).
export function warn(stats: SimulatorStats, message: string) {
  if (stats.warnings.includes(message)) return;
  stats.warnings.push(message);
  if (stats.warnings.length > 5) stats.warnings.shift();
}

const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}`;
// Counts as "key n, key n" (largest first), or "none".
export const formatChannels = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key} ${n.toLocaleString("en")}`)
    .join(", ") || "none";

// The live summary as a few lines of text.
export function formatSummary(stats: SimulatorStats): string[] {
  const { devices, events, behaviour } = stats;
  const ready = devices.registered + devices.adopted;
  const seconds = Math.round((Date.now() - stats.startedAt) / 1000);
  return [
    `devices ${ready.toLocaleString("en")}/${devices.wanted.toLocaleString("en")} ready ` +
      `(${devices.registered} registered, ${devices.adopted} adopted, ${devices.failed} failed, ` +
      `${devices.unreachable} unreachable here) after ${seconds}s`,
    `pushes received: ${formatChannels(stats.pushes)}; ${plural(stats.mqttReceipts, "MQTT receipts")}, ` +
      `vendor receipts ${formatChannels(stats.vendorReceipts)}, ${plural(stats.duplicates, "duplicates")}` +
      (stats.muted ? `, ${stats.muted} ignored by muted phones (for the SMS fallback)` : ""),
    `events: ${events.posted.toLocaleString("en")} posted, ${events.accepted.toLocaleString("en")} accepted, ` +
      `${events.duplicates} duplicates, ` +
      `${events.refused} refused${events.refused ? ` (${formatChannels(events.refusedByReason)})` : ""}, ` +
      `${events.pending} pending, ${events.retriedBatches} batches retried`,
    `behaviour: ${behaviour.opened} opened, ${behaviour.clicked} clicked, ${behaviour.dismissed} dismissed, ` +
      `${behaviour.appOpens} app opens (${behaviour.reactivatedByPush} dormant back after a push, ` +
      `${behaviour.reactivatedAlone} by themselves)`,
    ...stats.warnings.map((w) => `warning: ${w}`),
  ];
}
