// The fake Huawei Push Kit as a library and as its own process: `tsx tests/fakes/hms/server.ts
// --port N [--host H]` prints {"ready":true,"port":N,"url":...,"caFile":...} and runs until
// SIGTERM/SIGINT. A worker reaches it with HERALD_HMS_ENDPOINT=<url> and HERALD_HMS_CA_FILE=<caFile>.
import { pathToFileURL } from "node:url";
import { startFakeHms } from "./fake-server";

export { startFakeHms, fakeHmsCaFile, hmsClassOf, type FakeHms, type FakeHmsControl } from "./fake-server";
export { defaultHmsBehaviour, isIllegal, type HmsFakeBehaviour } from "./behaviour";
export { FakeControlClient } from "./control-client";
export type { FakeStats, TokenRecord, ReceivedBody } from "./records";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
}

async function main() {
  const fake = await startFakeHms({ port: Number(argument("port") ?? 0), host: argument("host") ?? "127.0.0.1" });
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
