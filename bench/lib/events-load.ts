// The event load generator, run as its own process by bench/events.ts. Posts batches of events
// for random devices of the seeded campaign (argv[2]: JSON settings) with autocannon; a share of the
// requests re-sends an earlier batch unchanged, as an SDK retrying after a lost answer would.
// Prints autocannon's result as one JSON line; writes what each batch was answered to a file.
import { writeFile } from "node:fs/promises";
import { batchBody, readTargets } from "./events-mix";
import { loadSettings, postLoad, type LoadTarget } from "./load";

interface LoadSettings extends LoadTarget {
  targetsFile: string;
  batchSize: number;
  // Every eventId starts with it, then the batch number: "<prefix><batch>-<i>".
  prefix: string;
  // Share of requests that repeat an earlier batch (0..1).
  retryShare: number;
  answersFile?: string;
}

const settings = loadSettings<LoadSettings>();
const targets = await readTargets(settings.targetsFile);

interface BatchContext {
  batch?: number;
}

let nextBatch = 0;
// The latest batches sent, for re-sending (a ring, so memory stays flat over a long run).
const recent: Array<{ batch: number; body: string }> = [];
const recentSize = 500;
// Per batch number: events acknowledged as accepted (summed over its answers), and answers seen.
const accepted = new Map<number, number>();
const duplicates = { events: 0, answers: 0 };
const refused = { events: 0 };
// Requests sent and not answered yet, per batch number.
const inFlight = new Map<number, number>();
const result = await postLoad(settings, "/api/v1/events", {
  setupRequest: (request, context) => {
    let batch: number;
    let body: string;
    if (recent.length >= recentSize && Math.random() < settings.retryShare) {
      ({ batch, body } = recent[Math.floor(Math.random() * recentSize)]);
    } else {
      batch = nextBatch++;
      body = batchBody(targets, settings.prefix, batch, settings.batchSize);
      recent[batch % recentSize] = { batch, body };
    }
    (context as BatchContext).batch = batch;
    inFlight.set(batch, (inFlight.get(batch) ?? 0) + 1);
    return { ...request, body };
  },
  onResponse: (status, body, context) => {
    const batch = (context as BatchContext).batch!;
    if (inFlight.get(batch) === 1) inFlight.delete(batch);
    else inFlight.set(batch, inFlight.get(batch)! - 1);
    if (status !== 200) return;
    const answer = JSON.parse(body) as { accepted: number; duplicates: number; refused: unknown[] };
    accepted.set(batch, (accepted.get(batch) ?? 0) + answer.accepted);
    duplicates.events += answer.duplicates;
    if (answer.duplicates) duplicates.answers += 1;
    refused.events += answer.refused.length;
  },
});
const acceptedEvents = [...accepted.values()].reduce((sum, n) => sum + n, 0);
if (settings.answersFile)
  await writeFile(settings.answersFile, JSON.stringify({ accepted: [...accepted], unanswered: [...inFlight.keys()] }));
const { user, system } = process.cpuUsage();
const cpuMs = (user + system) / 1000;
process.stdout.write(
  JSON.stringify({
    ...result,
    acceptedEvents,
    batchesSent: nextBatch,
    duplicates,
    refused,
    unanswered: inFlight.size,
    cpuMs,
  }) + "\n",
);
