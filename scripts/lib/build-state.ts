// Runs `next build` only when needed: no build yet in the dist dir, or a source file newer than it.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const sources = [
  "app",
  "components",
  "server",
  "lib",
  "i18n",
  "messages",
  "prisma/schema.prisma",
  "next.config.js",
  "package.json",
  "postcss.config.mjs",
  "proxy.ts",
  "tsconfig.json",
];
const skip = new Set(["node_modules", ".next", "generated"]);

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (!skip.has(entry)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

export function buildIsStale(root: string, distDir = process.env.NEXT_DIST_DIR ?? ".next"): boolean {
  const marker = path.join(root, distDir, "BUILD_ID");
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  return sources.some((source) => newestMtime(path.join(root, source)) > built);
}

interface BuildOptions {
  distDir?: string;
  env?: NodeJS.ProcessEnv;
  force?: boolean;
  log?: (line: string) => void;
}

// Builds into `distDir` (default .next) when stale or forced; returns true if it built. A build
// into another dist dir makes Next.js add that dir to tsconfig.json and next-env.d.ts: both are
// put back as they were, so benchmarks and tests leave the checkout unchanged.
export function buildIfStale(
  root: string,
  { distDir = ".next", env = process.env, force = false, log }: BuildOptions = {},
): boolean {
  if (!force && !buildIsStale(root, distDir)) return false;
  log?.(`building the web app into ${distDir} (first start, or sources changed)`);
  const kept = ["tsconfig.json", "next-env.d.ts"].map((name) => {
    const file = path.join(root, name);
    return { file, text: existsSync(file) ? readFileSync(file, "utf8") : null };
  });
  try {
    const nextBin = require.resolve("next/dist/bin/next");
    const result = spawnSync(process.execPath, [nextBin, "build"], {
      cwd: root,
      env: { ...env, NEXT_DIST_DIR: distDir, NODE_ENV: "production" },
      stdio: "inherit",
    });
    if (result.status !== 0) throw new Error(`next build failed with status ${result.status}`);
  } finally {
    for (const { file, text } of kept)
      if (text !== null && readFileSync(file, "utf8") !== text) writeFileSync(file, text);
  }
  return true;
}
