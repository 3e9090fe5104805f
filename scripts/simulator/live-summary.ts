// Prints the simulator's summary while it runs: every `everyMs`, only when something changed.
import { formatSummary, type SimulatorStats } from "./stats";

// Starts printing; the returned function stops it.
export function printSummaries(stats: SimulatorStats, everyMs: number, write: (lines: string[]) => void): () => void {
  let last = "";
  const timer = setInterval(() => {
    const lines = formatSummary(stats);
    // The first line carries the elapsed seconds; compare the rest.
    const key = lines.slice(1).join("\n") + lines[0]!.replace(/after \d+s$/, "");
    if (key === last) return;
    last = key;
    write(lines);
  }, everyMs);
  return () => clearInterval(timer);
}
