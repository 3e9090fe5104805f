// Starts the fake FCM server in a child process (for benchmarks and multi-process tests) and
// returns its address and a control client; stop() ends it. The runner is the vendor fakes' one.
import path from "node:path";
import { spawnFake, type FakeProcess } from "../loopback-fake";
import { FakeFcmClient } from "./control-client";

export type FakeFcmProcess = FakeProcess<FakeFcmClient>;

// Spawns `node --import tsx tests/fakes/fcm/server.ts` and waits for its ready line.
export function spawnFakeFcm(
  options: { port?: number; maxConcurrentStreams?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<FakeFcmProcess> {
  return spawnFake(path.join(import.meta.dirname, "server.ts"), {
    port: options.port,
    args: options.maxConcurrentStreams ? ["--max-streams", String(options.maxConcurrentStreams)] : [],
    env: options.env,
    client: (url, ca) => new FakeFcmClient(url, ca, "fake FCM"),
  });
}
