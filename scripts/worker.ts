// `npm run worker`: one Herald worker (graphile-worker housekeeping + the dispatch loop) against
// DATABASE_URL. Run as many as you like, on as many machines as you like.
import { register } from "node:module";

// Herald's server modules mark themselves "server-only"; this process is the server.
register("./lib/hooks.mjs", import.meta.url);

if (!process.env.DATABASE_URL) {
  console.error("DATABASE_URL is not set (npm start runs a worker itself on the embedded database).");
  process.exit(2);
}
const { startWorker } = await import("../server/jobs/worker");
const worker = await startWorker();
console.log(`[herald] worker ${worker.workerId} running`);
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void worker.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
