// The fake FCM server as a library (startFakeFcm) and as its own process, so a benchmark keeps the
// fake's CPU off the sender's event loop: `tsx tests/fakes/fcm/server.ts --port N [--host H]`
// prints one JSON line {"ready":true,"port":N,"url":...,"caFile":...} and runs until SIGTERM/SIGINT.
import { pathToFileURL } from "node:url";
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

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
}

async function main() {
  const fake = await startFakeFcm({
    port: Number(argument("port") ?? 0),
    host: argument("host") ?? "127.0.0.1",
    maxConcurrentStreams: argument("max-streams") ? Number(argument("max-streams")) : undefined,
  });
  process.stdout.write(`${JSON.stringify({ ready: true, port: fake.port, url: fake.url, caFile: fake.caFile })}\n`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
