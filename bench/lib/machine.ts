// A short description of the machine a benchmark ran on, for bench/RESULTS.md.
import os from "node:os";

export function describeMachine(postgresVersion: string): string {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  const memory = `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`;
  return `nproc ${os.availableParallelism()} (${cpu}), memory ${memory}, Node ${process.version}, PostgreSQL ${postgresVersion}, ${os.platform()} ${os.release()}`;
}
