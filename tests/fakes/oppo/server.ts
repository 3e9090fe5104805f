// The fake OPPO Push as a library (startFakeOppo) and as its own process:
// `tsx tests/fakes/oppo/server.ts --port N [--host H]` prints one JSON line
// {"ready":true,"port":N,"url":...,"caFile":...} and runs until SIGTERM/SIGINT; spawnFakeOppo() starts it
// from a test or benchmark and drives it through the control API.
import path from "node:path";
import { runAsProcess, spawnFake } from "../loopback-fake";
import { startFakeOppo } from "./fake-server";
import type { FakeOppoBehaviour, FakeOppoStats, OppoArrival } from "./behaviour";

export { fakeOppoCaFile, startFakeOppo, type FakeOppo } from "./fake-server";
export {
  defaultOppoBehaviour,
  fakeOppoApp,
  type FakeOppoApp,
  type FakeOppoBehaviour,
  type FakeOppoControl,
  type FakeOppoStats,
  type OppoArrival,
  type OppoRequestRecord,
} from "./behaviour";

// A fake OPPO Push in a child process, with its control calls.
export async function spawnFakeOppo() {
  const fake = await spawnFake(path.join(import.meta.dirname, "server.ts"));
  return {
    ...fake,
    configure: (behaviour: Partial<FakeOppoBehaviour>) => fake.control.call("POST /__fake/configure", behaviour),
    reset: () => fake.control.call("POST /__fake/reset", {}),
    expireTokens: () => fake.control.call("POST /__fake/expire-tokens", {}),
    stats: () => fake.control.call<FakeOppoStats>("GET /__fake/stats"),
    arrivals: (regId?: string) => fake.control.call<OppoArrival[]>("POST /__fake/arrivals", { regId }),
  };
}

runAsProcess(import.meta.url, (options) => startFakeOppo(options));
