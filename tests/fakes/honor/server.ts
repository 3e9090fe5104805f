// The fake Honor Push as a library and as its own process: `tsx tests/fakes/honor/server.ts --port N
// [--host H]` prints {"ready":true,"port":N,"url":...,"caFile":...} and runs until SIGTERM/SIGINT. A
// worker reaches it with HERALD_HONOR_ENDPOINT=<url> and HERALD_HONOR_CA_FILE=<caFile>; the control
// API (/__fake/*) is driven with FakeControlClient from tests/fakes/hms.
import { pathToFileURL } from "node:url";
import { startFakeHonor } from "./fake-server";

export { startFakeHonor, fakeHonorCaFile, type FakeHonor, type FakeHonorControl } from "./fake-server";
export { defaultHonorBehaviour, type HonorFakeBehaviour } from "./behaviour";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
}

async function main() {
  const fake = await startFakeHonor({ port: Number(argument("port") ?? 0), host: argument("host") ?? "127.0.0.1" });
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
