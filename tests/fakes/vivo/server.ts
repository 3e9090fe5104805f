// The fake vivo Push server as a library (startFakeVivo) and as its own process:
// `tsx tests/fakes/vivo/server.ts --port N [--host H]` prints one JSON ready line and runs until SIGTERM.
import { runAsProcess } from "../loopback-fake";
import { startFakeVivo } from "./fake-server";

export { startFakeVivo, fakeVivoCaFile, type FakeVivo, type FakeVivoControl } from "./fake-server";
export { chinaDay } from "../loopback-fake";
export { defaultVivoBehaviour, fakeVivoApp, type FakeVivoBehaviour, type FakeVivoAnswer } from "./behaviour";
export type { VivoStats, VivoTokenRecord, VivoReceived } from "./records";

runAsProcess(import.meta.url, (options) => startFakeVivo(options));
