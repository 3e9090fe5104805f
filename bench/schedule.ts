// `npm run bench:schedule`: how long planning a campaign's waves takes (lib/schedule planWaves) for a
// "9:00 local time" campaign over every time zone Intl knows, with quiet hours, against the same plan
// for one zone in the same run (the ratio is what to compare between machines). Pure CPU, no database.
// The figure used to be a timed assertion in tests/unit/schedule-waves.test.ts (< 100 ms).
import os from "node:os";
import { planWaves, type Schedule, type WaveOptions } from "@/lib/schedule";
import { recordSection } from "./lib/results";

const rounds = Number(process.env.BENCH_ROUNDS ?? 200);
const nineLocal: Schedule = { kind: "localTime", date: "2026-07-15", time: "09:00" };
const options: WaveOptions = {
  now: new Date("2026-07-14T20:00:00Z"),
  appTimeZone: "Europe/Berlin",
  respectQuietHours: true,
  quietHours: { start: 22 * 60, end: 8 * 60 },
};
const everyZone = Object.fromEntries(Intl.supportedValuesOf("timeZone").map((zone) => [zone, 1]));
const oneZone = { "Asia/Shanghai": 1 };

// Times of `rounds` plans, interleaved with the other audience so both see the same machine.
function measure(): { every: number[]; one: number[] } {
  const every: number[] = [];
  const one: number[] = [];
  planWaves(nineLocal, everyZone, options); // warm the formatter cache
  planWaves(nineLocal, oneZone, options);
  for (let i = 0; i < rounds; i += 1) {
    let started = performance.now();
    planWaves(nineLocal, everyZone, options);
    every.push(performance.now() - started);
    started = performance.now();
    planWaves(nineLocal, oneZone, options);
    one.push(performance.now() - started);
  }
  return { every, one };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

const { every, one } = measure();
const zones = Object.keys(everyZone).length;
const p50 = quantile(every, 0.5);
const [p95, max, oneP50] = [quantile(every, 0.95), Math.max(...every), quantile(one, 0.5)];
const lines = [
  `${zones} zones: p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${max.toFixed(2)} ms over ${rounds} plans`,
  `one zone: p50 ${oneP50.toFixed(3)} ms; every zone / one zone = ${(p50 / oneP50).toFixed(1)}x`,
  `target: p50 < 100 ms for every zone: ${p50 < 100 ? "met" : "NOT met"}`,
];
for (const line of lines) console.log(line);
const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
const load = os.loadavg()[0]!.toFixed(1);
await recordSection(
  {
    title: "wave planning over every time zone (schedule)",
    command: `\`npm run bench:schedule\` (${rounds} rounds)`,
    machine: `nproc ${os.availableParallelism()} (${cpu}), Node ${process.version}, load average ${load}`,
    lines,
  },
  console.log,
);
