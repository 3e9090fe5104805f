// `npm run worker`: one Herald worker (graphile-worker housekeeping + the dispatch loop) against
// DATABASE_URL. Run as many as you like, on as many machines as you like.
import { register } from "node:module";

// Herald's server modules mark themselves "server-only"; this process is the server.
register("./lib/hooks.mjs", import.meta.url);

if (!process.env.DATABASE_URL) {
  console.error("DATABASE_URL is not set (npm start runs a worker itself on the embedded database).");
  process.exit(2);
}
// HERALD_WORKER_METRICS_PORT: this worker's own /metrics (its process's metrics; the web server's
// /metrics has the installation-wide ones), on HERALD_WORKER_METRICS_HOST (default: every interface).
// It listens before the worker starts, so a port already taken stops the process before it takes work.
const metricsPort = process.env.HERALD_WORKER_METRICS_PORT || undefined;
if (metricsPort !== undefined && !(/^\d{1,5}$/.test(metricsPort) && Number(metricsPort) <= 65_535)) {
  console.error(`HERALD_WORKER_METRICS_PORT must be a port number, not "${metricsPort}".`);
  process.exit(2);
}
const metrics = metricsPort
  ? await (
      await import("../server/ops/metrics-endpoint")
    ).startMetricsListener(Number(metricsPort), process.env.HERALD_WORKER_METRICS_HOST)
  : null;
const { startWorker } = await import("../server/jobs/worker");
const worker = await startWorker();
if (metrics && !process.env.HERALD_METRICS_TOKEN)
  console.warn("[herald] HERALD_METRICS_TOKEN is not set: the worker's /metrics answers 404 until it is");
console.log(`[herald] worker ${worker.workerId} running${metrics ? `, metrics on port ${metricsPort}` : ""}`);
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  metrics?.close();
  void worker.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      // Said before exiting: an exit code without its reason cannot be acted on.
      console.error("[herald] worker did not stop cleanly:", error);
      process.exit(1);
    },
  );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
