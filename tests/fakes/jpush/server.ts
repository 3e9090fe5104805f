// The fake JPush server as a library (startFakeJpush) and as its own process:
// `tsx tests/fakes/jpush/server.ts --port N [--host H]` prints one JSON ready line and runs until SIGTERM.
import { runAsProcess } from "../loopback-fake";
import { startFakeJpush } from "./fake-server";

export { startFakeJpush, fakeJpushCaFile, type FakeJpush, type FakeJpushControl } from "./fake-server";
export type { JpushStats, JpushTokenRecord, JpushReceived } from "./fake-server";
export { defaultJpushBehaviour, fakeJpushApp, type FakeJpushBehaviour, type FakeJpushAnswer } from "./behaviour";

runAsProcess(import.meta.url, (options) => startFakeJpush(options));
