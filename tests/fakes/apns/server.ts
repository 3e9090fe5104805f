// The fake APNs server as a library (startFakeApns) and as its own process:
// `tsx tests/fakes/apns/server.ts --port N [--host H]` prints one JSON ready line and runs until SIGTERM.
import { runAsProcess } from "../loopback-fake";
import { startFakeApns } from "./fake-server";

export { startFakeApns, fakeApnsCaFile, type FakeApns, type FakeApnsControl } from "./fake-server";
export type { ApnsStats, ApnsReceived, FakeApnsOptions } from "./fake-server";
export {
  defaultApnsBehaviour,
  fakeApnsApp,
  fakeApnsKey,
  fakeApnsKeyFile,
  type FakeApnsAnswer,
  type FakeApnsBehaviour,
  type FakeApnsKey,
} from "./behaviour";

runAsProcess(import.meta.url, (options) => startFakeApns(options));
