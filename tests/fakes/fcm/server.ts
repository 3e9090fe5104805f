// The fake FCM server as a library (startFakeFcm) and as its own process, so a benchmark keeps the
// fake's CPU off the sender's event loop: `tsx tests/fakes/fcm/server.ts --port N [--host H]`
// prints one JSON line {"ready":true,"port":N,"url":...,"caFile":...} and runs until SIGTERM/SIGINT.
import { argument, runAsProcess } from "../loopback-fake";
import { startFakeFcm } from "./fake-server";

export { startFakeFcm, fakeCaFile, type FakeFcm, type FakeFcmControl, type FakeFcmOptions } from "./fake-server";
export {
  defaultBehaviour,
  faultFor,
  permanentFaultFor,
  fakeFaults,
  type FakeBehaviour,
  type FakeFault,
} from "./behaviour";
export type { FakeStats, TokenRecord, TokenQuery, ReceivedBody } from "./records";

runAsProcess(import.meta.url, (options) =>
  startFakeFcm({
    ...options,
    maxConcurrentStreams: argument("max-streams") ? Number(argument("max-streams")) : undefined,
  }),
);
