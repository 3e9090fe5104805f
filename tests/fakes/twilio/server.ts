// The fake Twilio server as a library (startFakeTwilio) and as its own process:
// `tsx tests/fakes/twilio/server.ts --port N [--host H]` prints one JSON ready line and runs until SIGTERM.
import { runAsProcess } from "../loopback-fake";
import { startFakeTwilio } from "./fake-server";

export * from "./fake-server";
export { twilioSignature } from "./signature";

runAsProcess(import.meta.url, (options) => startFakeTwilio(options));
