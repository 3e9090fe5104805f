// Device events on their way to POST /api/v1/events: queued as they happen, sent in batches of up
// to 500 (a few requests in flight, never two holding the same device's events), and a batch that
// failed as a whole (network, 429, 5xx) is sent again with the same event ids, so the server counts
// each event once.
import { randomBytes } from "node:crypto";
import { sleep, type DeviceEvent, type HeraldApi } from "./api-client";
import { warn, type SimulatorStats } from "./stats";

export const maxBatch = 500;
const flushEveryMs = 1000;
const maxInFlight = 4;

export class EventSink {
  private queue: DeviceEvent[] = [];
  private inFlight = 0;
  // Devices with events in a batch in flight.
  private busy = new Set<string>();
  private sequence = 0;
  // Unique per run: event ids are unique per app across runs too.
  private readonly runId = randomBytes(6).toString("hex");
  private timer: NodeJS.Timeout;
  private stopped = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly api: HeraldApi,
    private readonly stats: SimulatorStats,
  ) {
    this.timer = setInterval(() => this.pump(), flushEveryMs);
  }

  // Queues an event that happened now (or at `at`) with a fresh client event id.
  add(event: Omit<DeviceEvent, "eventId" | "occurredAt">, at = Date.now()) {
    if (this.stopped) return;
    this.queue.push({
      eventId: `sim-${this.runId}-${(++this.sequence).toString(36)}`,
      occurredAt: new Date(at).toISOString(),
      ...event,
    });
    this.stats.events.queued++;
    this.stats.events.pending++;
    if (this.queue.length >= maxBatch) this.pump();
  }

  // Takes up to maxBatch queued events of devices with no batch in flight: like a real SDK, each
  // device sends its events in order, one request at a time (batches of many devices run in parallel).
  private take(): DeviceEvent[] {
    const batch: DeviceEvent[] = [];
    const kept: DeviceEvent[] = [];
    for (const event of this.queue) {
      if (batch.length < maxBatch && !this.busy.has(event.installationId)) batch.push(event);
      else kept.push(event);
    }
    this.queue = kept;
    for (const event of batch) this.busy.add(event.installationId);
    return batch;
  }

  private pump() {
    while (this.queue.length && this.inFlight < maxInFlight) {
      const batch = this.take();
      if (!batch.length) break;
      this.inFlight++;
      void this.send(batch).finally(() => {
        for (const event of batch) this.busy.delete(event.installationId);
        this.inFlight--;
        if (!this.inFlight && !this.queue.length) this.idle.splice(0).forEach((resolve) => resolve());
        else this.pump();
      });
    }
  }

  // Sends one batch until the server answers it (retrying the same ids), or the sink is stopped.
  private async send(batch: DeviceEvent[]) {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) this.stats.events.retriedBatches++;
      try {
        const answer = await this.api.postEvents(batch);
        if (answer.status === 200 && answer.body) {
          const { accepted, duplicates, refused } = answer.body;
          this.stats.events.posted += batch.length;
          this.stats.events.accepted += accepted;
          this.stats.events.duplicates += duplicates;
          this.stats.events.refused += refused.length;
          for (const r of refused)
            this.stats.events.refusedByReason[r.reason] = (this.stats.events.refusedByReason[r.reason] ?? 0) + 1;
          break;
        }
        if (answer.status < 500 && answer.status !== 429 && answer.status !== 408) {
          // Refused as a whole (malformed batch, bad key, no such endpoint): sending it again cannot help.
          const type = (answer.body as { type?: string } | null)?.type?.split("/").pop() ?? `http-${answer.status}`;
          this.stats.events.posted += batch.length;
          this.stats.events.refused += batch.length;
          this.stats.events.refusedByReason[type] = (this.stats.events.refusedByReason[type] ?? 0) + batch.length;
          warn(this.stats, `POST /api/v1/events answered ${answer.status} (${type})`);
          break;
        }
        await sleep(answer.status === 429 ? Number(answer.headers.get("retry-after") ?? 1) * 1000 : backoff(attempt));
      } catch (error) {
        if (this.stopped) break;
        warn(this.stats, `events: ${(error as Error).message}`);
        await sleep(backoff(attempt));
      }
      if (this.stopped && attempt >= 2) break;
    }
    this.stats.events.pending -= batch.length;
  }

  // Sends what is queued and waits for every batch in flight (at most `timeoutMs`), then stops.
  async close(timeoutMs = 15_000) {
    clearInterval(this.timer);
    this.pump();
    if (this.inFlight || this.queue.length) {
      await Promise.race([new Promise<void>((resolve) => this.idle.push(resolve)), sleep(timeoutMs)]);
    }
    this.stopped = true;
  }
}

const backoff = (attempt: number) => Math.min(30_000, 500 * 2 ** attempt) * (0.8 + Math.random() * 0.4);
