// Decides whether `next build` must run: no build yet, or a source file newer than the last build.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const sources = ["app", "components", "server", "lib", "i18n", "messages", "prisma/schema.prisma", "next.config.js", "package.json", "postcss.config.mjs", "tsconfig.json"];
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
