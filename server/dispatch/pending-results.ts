// Results the provider already accepted but the database would not take (PostgreSQL restarting, the
// network cut): the worker keeps them in memory and writes them once the database is back, instead of
// dropping them and letting the batch's lease run out, which sent every device of the batch a second
// push. Only while the lease holds: before each write the batch's lease is re-asserted on the
// condition that this worker still holds it (`leasedBy`, state `claimed`); when another worker took
// the batch meanwhile (the outage outlasted the lease), the held results are dropped and that
// worker's send stands. Memory is bounded: at most `maxBatches` batches are held or in flight, and
// the dispatcher claims nothing beyond that (room()), so a long outage stops the worker from
// claiming instead of growing the buffer. Nothing here survives the process: after a kill -9 the
// held batches are sent again when their lease runs out (README, "Sending: how dispatch works").
// No library: what is held is a Map of batches in this process, retried on a timer with backoff.
import "server-only";
import type { Logger } from "pino";
import { sqlPool } from "@/server/sql";
import type { CampaignContext } from "./campaign-context";
import type { ClaimedBatch } from "./claim-batches";
import type { DispatchConfig } from "./config";
import { isConnectionError } from "./connection-errors";
import type { OutgoingMessage, SendResult } from "./providers/types";
import { recordResults, type RecordingProgress } from "./record";

// Everything recordResults needs for one batch, as the sender had it.
export interface HeldBatch {
  batch: ClaimedBatch;
  rows: Parameters<typeof recordResults>[1];
  results: SendResult[];
  config: DispatchConfig;
  campaign: CampaignContext;
  messages: OutgoingMessage[];
  // When the provider was called: the pushed payload's and the inbox copy's sentAt.
  sentAt?: Date;
  // What the failed attempt already wrote (the circuit's count): not written again.
  progress?: RecordingProgress;
}

export interface PendingResultsOptions {
  // Most batches held or in flight at once (see room()).
  maxBatches: number;
  // Backoff between write attempts while the database is unreachable: doubling, with jitter.
  firstRetryMs?: number;
  maxRetryMs?: number;
  // How a held batch is written (recordResults; a test may watch it).
  write?: (held: HeldBatch) => Promise<void>;
}

// HERALD_DISPATCH_HELD_BATCHES: the cap, in batches (at least the concurrency, so that it never
// limits sending while nothing is held). Default: twice the concurrency.
export function heldBatchesMax(concurrency: number, env = process.env.HERALD_DISPATCH_HELD_BATCHES): number {
  const value = Number(env);
  return Math.max(concurrency, Number.isInteger(value) && value > 0 ? value : 2 * concurrency);
}

// Renews the lease only if this worker still holds the batch; answers whether it does.
async function reassertLease(batch: ClaimedBatch, config: DispatchConfig): Promise<boolean> {
  const { rowCount } = await sqlPool().query(
    `update "DispatchBatch" set "leaseUntil" = now() + $3 * interval '1 millisecond'
      where id = $1 and "leasedBy" = $2 and state = 'claimed'`,
    [batch.id, config.workerId, config.leaseMs],
  );
  return rowCount === 1;
}

interface Entry extends HeldBatch {
  heldAt: number;
}

export class PendingResults {
  private readonly held = new Map<string, Entry>();
  private readonly firstRetryMs: number;
  private readonly maxRetryMs: number;
  private readonly write: (held: HeldBatch) => Promise<void>;
  private retryMs: number;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly log: Logger,
    private readonly options: PendingResultsOptions,
  ) {
    this.firstRetryMs = options.firstRetryMs ?? 250;
    this.maxRetryMs = options.maxRetryMs ?? 5_000;
    this.retryMs = this.firstRetryMs;
    this.write =
      options.write ??
      ((h) => recordResults(h.batch, h.rows, h.results, h.config, h.campaign, h.messages, h.sentAt, h.progress));
  }

  // Batches held now.
  get size(): number {
    return this.held.size;
  }

  // Results held now (one per message the provider answered).
  get results(): number {
    let total = 0;
    for (const entry of this.held.values()) total += entry.results.length;
    return total;
  }

  // Ids of the held batches: the worker must not claim them again (their lease may have run out
  // while the database was down, and claiming one would send it again).
  heldIds(): string[] {
    return [...this.held.keys()];
  }

  // How many more batches the worker may claim with `inflight` in flight: each of them may end up
  // held, so held + in flight never exceeds the cap.
  room(inflight: number): number {
    return Math.max(0, this.options.maxBatches - this.held.size - inflight);
  }

  // Keeps a batch's results after a write failed with `error` (a connection error) and schedules retries.
  hold(entry: HeldBatch, error: unknown): void {
    this.held.set(entry.batch.id, { ...entry, heldAt: Date.now() });
    this.log.warn(
      {
        batch: entry.batch.id,
        campaignId: entry.batch.campaignId,
        results: entry.results.length,
        heldBatches: this.held.size,
        err: error instanceof Error ? error.message : String(error),
      },
      "database unreachable while recording a sent batch; holding its results to write when it is back",
    );
    this.schedule();
  }

  // One pass over the held batches (joins a pass already running): each is written if this worker
  // still holds its lease, dropped if not; the pass stops at the first connection error.
  flush(): Promise<void> {
    if (!this.flushing)
      this.flushing = this.pass().finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  // At shutdown: retries until every held batch is written or dropped, or `timeoutMs` passed; answers
  // how many batches are left unwritten (sent again after their lease runs out).
  async drain(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.held.size && Date.now() < deadline) {
      await this.flush();
      if (this.held.size) await sleep(Math.min(this.retryMs, Math.max(0, deadline - Date.now())));
    }
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.held.size)
      this.log.warn(
        { heldBatches: this.held.size, results: this.results },
        "stopping with results the database never took; those batches are sent again when their lease runs out",
      );
    return this.held.size;
  }

  private schedule(): void {
    if (this.timer || this.stopped || !this.held.size) return;
    // Full jitter on the upper half, so that the workers of one database do not retry in step.
    const wait = Math.round(this.retryMs / 2 + (Math.random() * this.retryMs) / 2);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush().then(() => this.schedule());
    }, wait);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    for (const [id, entry] of [...this.held]) {
      try {
        if (!(await reassertLease(entry.batch, entry.config))) {
          this.held.delete(id);
          this.log.warn(
            { batch: id, campaignId: entry.batch.campaignId, results: entry.results.length },
            "dropping held results: another worker took the batch (its lease ran out while the database was down) " +
              "or it was already recorded",
          );
          continue;
        }
        await this.write(entry);
        this.held.delete(id);
        this.retryMs = this.firstRetryMs;
        this.log.warn(
          {
            batch: id,
            campaignId: entry.batch.campaignId,
            results: entry.results.length,
            heldMs: Date.now() - entry.heldAt,
          },
          "database back: wrote the held results of a sent batch",
        );
      } catch (error) {
        if (isConnectionError(error)) {
          this.retryMs = Math.min(this.maxRetryMs, this.retryMs * 2);
          return;
        }
        // Retrying would not help (a bug, a constraint): the batch is left to its lease, as before.
        this.held.delete(id);
        this.log.error(
          { err: error, batch: id, campaignId: entry.batch.campaignId },
          "held results could not be written; dropped, the batch is sent again when its lease runs out",
        );
      }
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
