// The framework's floor: GET /api/v1/openapi.json (no key, no body, no database) driven by the
// autocannon CLI in its own process, with the server's CPU time per request. What registration
// costs above this is Herald's own code plus Prisma and PostgreSQL.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { processCpuMs } from "./machine";

const require = createRequire(import.meta.url);

export interface BaselineResult {
  requestsPerSec: number;
  p99: number;
  cpuMsPerRequest: number | null;
}

export function measureBaseline(
  url: string,
  serverPid: number | undefined,
  connections: number,
  seconds: number,
): Promise<BaselineResult> {
  const cli = path.join(path.dirname(require.resolve("autocannon/package.json")), "autocannon.js");
  const before = processCpuMs(serverPid);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [cli, "-j", "-c", String(connections), "-d", String(seconds), `${url}/api/v1/openapi.json`],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("exit", () => {
      const result = JSON.parse(out) as { requests: { average: number; total: number }; latency: { p99: number } };
      const after = processCpuMs(serverPid);
      resolve({
        requestsPerSec: Math.round(result.requests.average),
        p99: result.latency.p99,
        cpuMsPerRequest: before !== null && after !== null ? (after - before) / result.requests.total : null,
      });
    });
  });
}
