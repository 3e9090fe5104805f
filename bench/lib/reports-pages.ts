// bench:reports with BENCH_PAGES=prod (the production build served by Herald's own server, as
// `npm start` runs it; built first when stale) or BENCH_PAGES=dev (a `next dev` server): the analytics
// pages themselves on the bench database, signed in as an analyst, timed from request to the last byte of the
// HTML (session check, data functions, server components, serialisation). Development mode renders
// with React's development build and checks, so these are upper bounds of a production server's
// times (`next build` is not run by this benchmark). Next.js adds its dist folder to tsconfig.json
// when started with another one: the file is restored byte for byte afterwards.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { buildIfStale } from "../../scripts/lib/build-state";
import { projectRoot } from "../../scripts/lib/migrations";
import { hashPassword } from "../../server/auth/password";
import { freePort } from "./next-server";
import { timeRuns, type Timing } from "./timing";

const require = createRequire(import.meta.url);

interface PagesOptions {
  mode: "dev" | "prod";
  databaseUrl: string;
  appId: string;
  campaignId: string;
  runs: number;
  say: (line: string) => void;
}

// Cookie header text from a response's Set-Cookie lines, merged into `jar`.
function keepCookies(response: Response, jar: Map<string, string>) {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const at = pair.indexOf("=");
    jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

async function signIn(url: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const csrf = await fetch(`${url}/api/auth/csrf`);
  keepCookies(csrf, jar);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const login = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: `${url}/` }),
  });
  keepCookies(login, jar);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed (${login.status})`);
  return cookieHeader(jar);
}

export async function measurePages(options: PagesOptions): Promise<Array<[string, Timing]>> {
  const { databaseUrl, appId, campaignId, runs, say, mode } = options;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const email = "bench-analyst@bench.local";
  const password = "bench-password-1";
  await client.query(
    `insert into "User" (id, email, name, "passwordHash", role, "updatedAt")
       values (gen_random_uuid(), $1, 'Bench analyst', $2, 'analyst', now()) on conflict (email) do nothing`,
    [email, await hashPassword(password)],
  );
  const { rows } = await client.query<{ installationId: string }>(
    `select v."installationId" from "Delivery" d join "Device" v on v.id = d."deviceId"
       where d."campaignId" = $1 and d."openedAt" is not null limit 1`,
    [campaignId],
  );
  await client.end();

  // next-env.d.ts exists only once Next.js has run here (it is generated, and not committed).
  const saved = new Map(
    ["tsconfig.json", "next-env.d.ts"]
      .filter((file) => existsSync(path.join(projectRoot, file)))
      .map((file) => [file, readFileSync(path.join(projectRoot, file), "utf8")]),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  mkdirSync(path.join(projectRoot, ".next-bench-reports"), { recursive: true });
  const output = openSync(path.join(projectRoot, ".next-bench-reports", "bench-server.log"), "w");
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_URL: url,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "bench-reports-secret-bench-reports-secret",
    HERALD_ENCRYPTION_KEY: process.env.HERALD_ENCRYPTION_KEY ?? Buffer.alloc(32, 9).toString("base64"),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (mode === "prod") buildIfStale(projectRoot, { env: { ...env, NODE_ENV: "production" } });
  const args =
    mode === "prod"
      ? ["--import", "tsx", path.join(projectRoot, "scripts/serve.ts")]
      : [require.resolve("next/dist/bin/next"), "dev", "-p", String(port), "-H", "127.0.0.1"];
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env:
      mode === "prod"
        ? { ...env, NODE_ENV: "production", PORT: String(port), HERALD_HOST: "127.0.0.1", LOG_LEVEL: "warn" }
        : { ...env, NEXT_DIST_DIR: ".next-bench-reports" },
    stdio: ["ignore", output, output],
    // Its own process group: next dev runs the server in a child process, which must stop too.
    detached: true,
  });
  try {
    const deadline = Date.now() + 300_000;
    while (
      !(await fetch(`${url}/login`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (child.exitCode !== null) throw new Error(`next dev exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error("next dev did not answer within 5 minutes");
      await new Promise((r) => setTimeout(r, 1000));
    }
    const cookie = await signIn(url, email, password);
    const pages: Array<[string, string]> = [
      ["overview page, last 30 days", `/analytics?app=${appId}&range=30`],
      ["overview page, last 90 days", `/analytics?app=${appId}&range=90`],
      ["campaign report page, 1,000,000-delivery campaign", `/campaigns/${campaignId}/report`],
      ["re-activation page, last 90 days", `/analytics/reactivation?app=${appId}&range=90`],
      ["device trace page", `/analytics/trace?app=${appId}&installationId=${rows[0].installationId}`],
    ];
    const results: Array<[string, Timing]> = [];
    for (const [name, pathname] of pages) {
      const get = async () => {
        const response = await fetch(`${url}${pathname}`, { headers: { cookie }, redirect: "manual" });
        const html = await response.text();
        if (response.status !== 200 || html.length < 1000)
          throw new Error(`${pathname} answered ${response.status} (${html.length} bytes)`);
      };
      say(`compiling ${pathname}`);
      const timing = await timeRuns(runs, 5, get);
      results.push([`${name} (${mode === "prod" ? "production build" : "next dev"}, HTTP to last byte)`, timing]);
      say(`${name}: p50 ${timing.p50.toFixed(1)} ms, p95 ${timing.p95.toFixed(1)} ms`);
    }
    return results;
  } finally {
    const group = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      group("SIGTERM");
      setTimeout(() => group("SIGKILL"), 5000).unref();
    });
    group("SIGKILL");
    await new Promise((r) => setTimeout(r, 1000));
    for (const [file, text] of saved)
      if (!existsSync(path.join(projectRoot, file)) || readFileSync(path.join(projectRoot, file), "utf8") !== text)
        writeFileSync(path.join(projectRoot, file), text);
  }
}
