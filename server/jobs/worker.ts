// One Herald worker: graphile-worker for scheduled housekeeping plus the dispatch loop, on the app's
// PostgreSQL. `npm run worker` runs it alone; `npm start` runs one inside the web process.
import "server-only";
import { Logger, run, type Runner } from "graphile-worker";
import pg from "pg";
import { startDispatcher, type DispatcherHandle } from "@/server/dispatch/dispatcher";
import type { DispatchConfig } from "@/server/dispatch/config";
import { closeDefaultChannels, registerDefaultChannels } from "@/server/dispatch/channels";
import { deleteExpiredInbox } from "@/server/inbox/expire";
import { rollupPass, startRollupLoop } from "@/server/analytics/rollup-loop";
import { log } from "@/server/log";
import { startHeartbeat } from "@/server/ops/heartbeat";
import { watchPool } from "@/server/ops/metrics";
import { onWaveDone } from "@/server/dispatch/complete";
import type { SmsSenderFor } from "@/server/sms/fallback";
import { scheduleSmsFallback } from "@/server/sms/schedule";
import { decideOverdueRollouts, scheduleRolloutDecision } from "@/server/campaigns/rollout";
import { smsSenderFor } from "@/server/sms/sender";
import { ensurePartitions } from "@/server/partitions/partitions";
import { readRetentionDays } from "@/server/partitions/retention";
import { addMaintenanceStep, crontab, taskList } from "./tasks";

export interface WorkerHandle {
  workerId: string;
  stop(): Promise<void>;
}

const graphileLogger = new Logger((scope) => (level, message, meta) => {
  const child = log.child({ component: "graphile-worker", ...scope });
  const method = level === "error" ? "error" : level === "warning" ? "warn" : level === "info" ? "info" : "debug";
  child[method](meta ?? {}, message);
});

// Starts graphile-worker and the dispatcher; `stop` shuts both down gracefully.
export async function startWorker(
  options: { dispatch?: Partial<DispatchConfig>; graphile?: boolean; smsSenderFor?: SmsSenderFor } = {},
): Promise<WorkerHandle> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  // A wrong retention setting stops the worker here rather than failing every hour in the job.
  readRetentionDays();
  await registerDefaultChannels();
  // This month's partitions and the next ones, before the first fan-out (the hourly job keeps them ahead).
  await ensurePartitions().catch((error) => log.warn({ err: error }, "creating partitions failed; the job retries"));
  addMaintenanceStep("inbox.expire", () => deleteExpiredInbox());
  addMaintenanceStep("analytics.rollup", () => rollupPass());
  addMaintenanceStep("campaigns.rollout", () => decideOverdueRollouts());
  let runner: Runner | null = null;
  let graphilePool: pg.Pool | null = null;
  if (options.graphile !== false) {
    // graphile-worker's pool (its default size), made here so /metrics reports its use; a lost connection
    // is logged and replaced, as graphile-worker's own handlers would.
    graphilePool = new pg.Pool({ connectionString, max: 10 });
    graphilePool.on("error", (error) => log.warn({ err: error.message }, "graphile-worker connection lost (idle)"));
    graphilePool.on("connect", (client) => client.on("error", () => undefined));
    watchPool("graphile", graphilePool);
    // SMS signalling runs as graphile jobs, so it is planned only where graphile-worker runs.
    onWaveDone(scheduleSmsFallback);
    // An A/B roll-out's decision job, due the wait after its test phase went out.
    onWaveDone(scheduleRolloutDecision);
    runner = await run({
      pgPool: graphilePool,
      concurrency: 2,
      pollInterval: 1000,
      noHandleSignals: true,
      logger: graphileLogger,
      taskList: taskList({ smsSenderFor: options.smsSenderFor ?? smsSenderFor }),
      crontab,
    });
  }
  const dispatcher: DispatcherHandle = await startDispatcher(log.child({ component: "dispatch" }), options.dispatch);
  const rollups = startRollupLoop(log.child({ component: "analytics" }));
  const heartbeat = startHeartbeat(dispatcher.workerId, log.child({ component: "heartbeat" }));
  log.info({ workerId: dispatcher.workerId }, "worker started");
  return {
    workerId: dispatcher.workerId,
    async stop() {
      await heartbeat.stop();
      await dispatcher.stop();
      await rollups.stop();
      await runner?.stop();
      await graphilePool?.end();
      await closeDefaultChannels();
    },
  };
}
