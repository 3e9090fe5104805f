// The fake Huawei Push Kit as a library and as its own process: `tsx tests/fakes/hms/server.ts
// --port N [--host H]` prints {"ready":true,"port":N,"url":...,"caFile":...} and runs until
// SIGTERM/SIGINT. A worker reaches it with HERALD_HMS_ENDPOINT=<url> and HERALD_HMS_CA_FILE=<caFile>.
import { runAsProcess } from "../loopback-fake";
import { startFakeHms } from "./fake-server";

export { startFakeHms, fakeHmsCaFile, hmsClassOf, type FakeHms, type FakeHmsControl } from "./fake-server";
export { defaultHmsBehaviour, isIllegal, type HmsFakeBehaviour } from "./behaviour";
export { HuaweiStyleControlClient } from "./control-client";
export type { FakeStats, TokenRecord, ReceivedBody } from "./records";

runAsProcess(import.meta.url, (options) => startFakeHms(options));
