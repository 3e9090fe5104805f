// The fake MiPush as a library (startFakeXiaomi) and as its own process:
// `tsx tests/fakes/xiaomi/server.ts --port N [--host H]` prints one JSON line
// {"ready":true,"port":N,"url":...,"caFile":...} and runs until SIGTERM/SIGINT; spawnFakeXiaomi() starts it
// from a test or benchmark and drives it through the control API.
import path from "node:path";
import { runAsProcess, spawnFake } from "../loopback-fake";
import { startFakeXiaomi } from "./fake-server";
import type { FakeXiaomiBehaviour, FakeXiaomiStats, XiaomiArrival } from "./behaviour";

export { fakeXiaomiCaFile, startFakeXiaomi, type FakeXiaomi } from "./fake-server";
export {
  defaultXiaomiBehaviour,
  fakeXiaomiApp,
  type FakeXiaomiApp,
  type FakeXiaomiBehaviour,
  type FakeXiaomiControl,
  type FakeXiaomiStats,
  type XiaomiArrival,
  type XiaomiRequestRecord,
} from "./behaviour";

// A fake MiPush in a child process, with its control calls.
export async function spawnFakeXiaomi() {
  const fake = await spawnFake(path.join(import.meta.dirname, "server.ts"));
  return {
    ...fake,
    configure: (behaviour: Partial<FakeXiaomiBehaviour>) => fake.control.call("POST /__fake/configure", behaviour),
    reset: () => fake.control.call("POST /__fake/reset", {}),
    stats: () => fake.control.call<FakeXiaomiStats>("GET /__fake/stats"),
    arrivals: (regId?: string) => fake.control.call<XiaomiArrival[]>("POST /__fake/arrivals", { regId }),
  };
}

runAsProcess(import.meta.url, (options) => startFakeXiaomi(options));
