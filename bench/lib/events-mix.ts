// The events bench:events sends: random devices of the seeded campaign, mostly receipts and app
// opens, fewer opens, few clicks (roughly what an SDK reports after a send), as JSON batch bodies.
import { readFile } from "node:fs/promises";

export interface EventTarget {
  installationId: string;
  messageId: string;
  holdout: boolean;
}

// Reads the "installationId,deliveryId,holdout" lines written by events-seed.ts.
export async function readTargets(file: string): Promise<EventTarget[]> {
  return (await readFile(file, "utf8")).split("\n").map((line) => {
    const [installationId, messageId, holdout] = line.split(",");
    return { installationId, messageId, holdout: holdout === "1" };
  });
}

const mix: Array<[string, number]> = [
  ["received", 0.4],
  ["opened", 0.2],
  ["clicked", 0.05],
  ["dismissed", 0.1],
  ["app_open", 0.25],
];

function pickType(): string {
  let r = Math.random();
  for (const [type, share] of mix) {
    if ((r -= share) < 0) return type;
  }
  return "app_open";
}

// One batch body; eventIds are "<prefix><batch>-<i>" so the database can be checked per batch.
export function batchBody(targets: EventTarget[], prefix: string, batch: number, size: number): string {
  const now = Date.now();
  const events = [];
  for (let i = 0; i < size; i += 1) {
    const target = targets[Math.floor(Math.random() * targets.length)];
    // Holdout devices got nothing to receive or open: they only open the app.
    const type = target.holdout ? "app_open" : pickType();
    const occurredAt = new Date(now - Math.floor(Math.random() * 120_000)).toISOString();
    const eventId = `${prefix}${batch}-${i}`;
    if (type === "app_open") events.push({ eventId, installationId: target.installationId, type, occurredAt });
    else
      events.push({
        eventId,
        installationId: target.installationId,
        type,
        messageId: target.messageId,
        occurredAt,
        ...(type === "clicked" ? { actionId: "open-story" } : {}),
      });
  }
  return JSON.stringify({ events });
}
