// Prints the FCM reference figures against a fake FCM server in its own process:
// `tsx bench/fcm-baselines-cli.ts [--messages 50000] [--in-flight 8] [--naive-messages N]
// [--only ceiling,sdk,naive,provider]`.
// The naive sender needs PostgreSQL (DATABASE_URL's server): it works in a fresh herald_bench_fcm database.
import pg from "pg";
import { dropDatabase, freshDatabase } from "../scripts/lib/database";
import { spawnFakeFcm } from "../tests/fakes/fcm/process";
import {
  createNaiveTable,
  measureCeiling,
  measureNaive,
  measureProvider,
  measureSdkOnly,
  type FcmBaseline,
} from "./lib/fcm-baselines";
import { describeMachine, loadAverage, processCpuMs } from "./lib/machine";

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const messages = Number(argument("messages", "50000"));
const inFlight = Number(argument("in-flight", "8"));
const naiveMessages = Number(argument("naive-messages", String(messages)));
const only = new Set(argument("only", "ceiling,sdk,naive,provider").split(","));
const serverUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function main() {
  const fake = await spawnFakeFcm();
  const target = { url: fake.url, ca: fake.ca };
  const lines: string[] = [];
  const report = async (name: string, run: () => Promise<FcmBaseline>) => {
    await fake.control.reset();
    const cpuBefore = processCpuMs(fake.pid);
    const result = await run();
    const cpuAfter = processCpuMs(fake.pid);
    const stats = await fake.control.stats();
    const fakeCpu =
      cpuBefore !== null && cpuAfter !== null
        ? ` fake CPU ${Math.round(((cpuAfter - cpuBefore) * 1000) / result.messages)} µs/msg`
        : "";
    const line =
      `${name.padEnd(28)} ${String(result.perSecond).padStart(6)} msgs/s  (${result.messages} in ` +
      `${result.seconds} s; sender CPU ${result.cpuMicrosPerMessage} µs/msg; fake accepted ${stats.accepted}, ` +
      `sessions ${stats.sessions};${fakeCpu})`;
    lines.push(line);
    console.log(line);
  };
  try {
    console.log(`[fcm-baselines] ${messages} messages, ${inFlight} calls in flight; load ${loadAverage()}`);
    if (only.has("ceiling")) await report("ceiling (bare http2)", () => measureCeiling(target, messages));
    if (only.has("sdk"))
      await report(`sdk-only (${inFlight} in flight)`, () => measureSdkOnly(target, messages, inFlight));
    if (only.has("provider")) {
      await report(`provider, sdk's sessions`, () => measureProvider(target, messages, inFlight, 0));
      await report(`provider, pooled sessions`, () => measureProvider(target, messages, inFlight, inFlight));
    }
    if (only.has("naive")) {
      const url = await freshDatabase(serverUrl, "herald_bench_fcm");
      const pool = new pg.Pool({ connectionString: url, max: 4 });
      try {
        await createNaiveTable(pool, "naive_delivery", naiveMessages);
        await report("naive (sequential + UPDATE)", () => measureNaive(target, pool, "naive_delivery"));
        const { rows } = await pool.query<{ server_version: string }>("show server_version");
        lines.push(describeMachine(rows[0]!.server_version));
      } finally {
        await pool.end();
        await dropDatabase(serverUrl, "herald_bench_fcm");
      }
    }
    console.log(lines.at(-1)?.startsWith("nproc") ? lines.at(-1) : describeMachine("n/a"));
  } finally {
    await fake.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
