// The dispatch loop of one worker process: it fans out due waves (one at a time) and keeps up to
// `concurrency` batches in flight, waking on NOTIFY (new batches, resumed campaigns) or every
// `pollMs` (waves becoming due, backed-off batches, leases of dead workers running out). Results a
// lost database connection kept it from recording wait in `pending` (pending-results.ts): they are
// written before anything new is claimed, their batches are never claimed again meanwhile, and
// held plus in-flight batches stay under the cap. Stopping writes them if the database lets it.
// Neither is a batch still in flight here: while the database is down its lease cannot be renewed
// and runs out, and a claim made when the database is back, before the lease timer re-asserts it,
// would take the batch again and send its devices a second push while the first send is still
// waiting for the provider's answers.
import "server-only";
import pg from "pg";
import type { Logger } from "pino";
import { claimBatches } from "./claim-batches";
import { closeWaveIfDone } from "./complete";
import { DISPATCH_CHANNEL } from "@/server/wake";
import { readDispatchConfig, type DispatchConfig } from "./config";
import { claimDueWave, fanOutStep, type ClaimedWave } from "./fanout";
import { heldBatchesMax, PendingResults } from "./pending-results";
import { closeProviders } from "./provider-cache";
import { sendBatch } from "./send-batch";

export interface DispatcherHandle {
  readonly workerId: string;
  // Stops claiming, waits for in-flight work and writes held results (up to `graceMs` each), closes
  // providers and the listener.
  stop(graceMs?: number): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Starts the loop; resolves once the listener is connected.
export async function startDispatcher(log: Logger, overrides: Partial<DispatchConfig> = {}): Promise<DispatcherHandle> {
  const config = { ...readDispatchConfig(), ...overrides };
  let stopped = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  // The batches being sent, by id.
  const inflight = new Map<string, Promise<void>>();
  const pending = new PendingResults(log, { maxBatches: heldBatchesMax(config.concurrency) });
  let fanning: Promise<void> | null = null;

  // LISTEN on its own connection, reconnecting after failures (polling covers the gap).
  let listener: pg.Client | null = null;
  const listen = async () => {
    if (stopped) return;
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL, options: "-c TimeZone=UTC" });
    client.on("notification", notify);
    client.on("error", (error) => {
      log.warn({ err: error.message }, "dispatch listener lost; reconnecting");
      listener = null;
      void client.end().catch(() => undefined);
      setTimeout(() => void listen().catch(() => undefined), 1000).unref();
    });
    try {
      await client.connect();
      await client.query(`listen ${DISPATCH_CHANNEL}`);
      listener = client;
    } catch (error) {
      log.warn({ err: (error as Error).message }, "dispatch listener could not connect; retrying");
      void client.end().catch(() => undefined);
      setTimeout(() => void listen().catch(() => undefined), 1000).unref();
    }
  };
  await listen();

  const fanOut = async (wave: ClaimedWave) => {
    let first = !wave.cursor;
    for (;;) {
      if (stopped) return;
      const step = await fanOutStep(wave, config, first);
      first = false;
      notify();
      if (step === "done") return closeWaveIfDone(wave.id);
      if (step !== "more") return;
    }
  };

  const loop = async () => {
    while (!stopped) {
      let claimedSomething = false;
      try {
        if (!fanning) {
          const wave = await claimDueWave(config);
          if (wave) {
            claimedSomething = true;
            log.info({ campaignId: wave.campaignId, wave: wave.id, run: wave.run }, "fan-out started");
            fanning = fanOut(wave)
              .catch((error) =>
                log.error({ err: error, wave: wave.id }, "fan-out step failed; its lease will run out and it resumes"),
              )
              .finally(() => {
                fanning = null;
                notify();
              });
          }
        }
        if (pending.size) await pending.flush();
        // Told to stop meanwhile (the flush may have waited for the database): nothing new is claimed.
        if (stopped) break;
        const room = Math.min(config.concurrency - inflight.size, pending.room(inflight.size));
        const batches = await claimBatches(config, room, [...pending.heldIds(), ...inflight.keys()]);
        for (const batch of batches) {
          claimedSomething = true;
          const task = sendBatch(batch, config, pending)
            .catch((error) =>
              log.error({ err: error, batch: batch.id }, "batch failed; its lease will run out and it is retried"),
            )
            .finally(() => {
              inflight.delete(batch.id);
              notify();
            });
          inflight.set(batch.id, task);
        }
      } catch (error) {
        log.warn({ err: (error as Error).message }, "dispatch loop: database unavailable; retrying");
        await sleep(1000);
        continue;
      }
      if (claimedSomething && pending.room(inflight.size) > 0 && inflight.size < config.concurrency) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, config.pollMs).unref();
      });
    }
  };
  const running = loop();

  return {
    workerId: config.workerId,
    async stop(graceMs = 10_000) {
      stopped = true;
      notify();
      await running;
      await Promise.race([Promise.allSettled([...inflight.values(), fanning]), sleep(graceMs)]);
      // Results the provider accepted but the database did not take yet: one more chance before the
      // pools close (unwritten, their batches are sent again once their lease runs out).
      await pending.drain(graceMs);
      await closeProviders();
      await listener?.end().catch(() => undefined);
    },
  };
}
