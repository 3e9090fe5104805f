// Keeps analytics rollups current: every HERALD_ROLLUP_INTERVAL_MS (15 s by default; 0 turns the
// loop off) each worker rolls up what is in RollupDirty, one pass at a time. The per-minute
// maintenance task runs the same pass as a backstop. Several workers share the list safely.
import "server-only";
import type { Logger } from "pino";
import { rollupDirty } from "./rollup";

export const DEFAULT_ROLLUP_INTERVAL_MS = 15_000;
// Campaigns per pass; a pass that fills it runs again at once.
const PASS_LIMIT = 50;

// One pass over the dirty list (repeated while full, up to a few rounds).
export async function rollupPass(): Promise<number> {
  let total = 0;
  for (let round = 0; round < 10; round++) {
    const done = await rollupDirty(PASS_LIMIT);
    total += done;
    if (done < PASS_LIMIT) break;
  }
  return total;
}

export interface RollupLoop {
  stop(): Promise<void>;
}

// Starts the interval; passes never overlap, and stop() waits for the one running.
export function startRollupLoop(
  log: Logger,
  intervalMs = Number(process.env.HERALD_ROLLUP_INTERVAL_MS ?? DEFAULT_ROLLUP_INTERVAL_MS),
): RollupLoop {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = rollupPass()
      .catch((error) => log.warn({ err: error }, "analytics rollup pass failed"))
      .finally(() => {
        running = null;
      });
  };
  const timer = Number.isFinite(intervalMs) && intervalMs > 0 ? setInterval(tick, intervalMs) : null;
  timer?.unref();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
