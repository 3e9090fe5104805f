// The fake Honor Push as a library and as its own process: `tsx tests/fakes/honor/server.ts --port N
// [--host H]` prints {"ready":true,"port":N,"url":...,"caFile":...} and runs until SIGTERM/SIGINT. A
// worker reaches it with HERALD_HONOR_ENDPOINT=<url> and HERALD_HONOR_CA_FILE=<caFile>; the control
// API (/__fake/*) is driven with HuaweiStyleControlClient from tests/fakes/hms.
import { runAsProcess } from "../loopback-fake";
import { startFakeHonor } from "./fake-server";

export { startFakeHonor, fakeHonorCaFile, type FakeHonor, type FakeHonorControl } from "./fake-server";
export { defaultHonorBehaviour, type HonorFakeBehaviour } from "./behaviour";

runAsProcess(import.meta.url, (options) => startFakeHonor(options));
