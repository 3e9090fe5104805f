// A worker's heartbeat: its row in WorkerHeartbeat, written at start and every `intervalMs`, deleted
// when it stops cleanly. /readyz counts the workers seen within the last `staleAfterMs`.
import "server-only";
import { hostname } from "node:os";
import { db } from "@/server/db";
import type { Logger } from "pino";

export const heartbeatIntervalMs = 5_000;
export const heartbeatStaleAfterMs = 30_000;

export function startHeartbeat(workerId: string, logger: Logger, intervalMs = heartbeatIntervalMs) {
  const beat = async () => {
    try {
      await db.workerHeartbeat.upsert({
        where: { id: workerId },
        create: { id: workerId, host: hostname(), pid: process.pid },
        update: { seenAt: new Date() },
      });
    } catch (error) {
      logger.warn({ err: error }, "worker heartbeat not written");
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await db.workerHeartbeat.deleteMany({ where: { id: workerId } }).catch(() => undefined);
    },
  };
}
