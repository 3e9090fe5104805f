// A short description of the machine a benchmark ran on, for bench/RESULTS.md.
import { readFileSync } from "node:fs";
import os from "node:os";

export function describeMachine(postgresVersion: string): string {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  const memory = `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`;
  return (
    `nproc ${os.availableParallelism()} (${cpu}), memory ${memory}, Node ${process.version}, PostgreSQL ` +
    `${postgresVersion}, ${os.platform()} ${os.release()}`
  );
}

// CPU time (ms, user + system) a process has used so far, from /proc (Linux); null elsewhere.
export function processCpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

// Busy and total CPU jiffies of the whole machine, from /proc/stat; null elsewhere.
export function machineCpuTicks(): { busy: number; total: number } | null {
  try {
    const [, ...values] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
    const ticks = values.map(Number);
    const idle = ticks[3] + (ticks[4] ?? 0);
    const total = ticks.reduce((sum, value) => sum + value, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

// The 1-minute load average as text ("3.75 on 2 CPUs"), to show how busy the machine already was.
export function loadAverage(): string {
  return `${os.loadavg()[0].toFixed(2)} on ${os.availableParallelism()} CPUs`;
}
