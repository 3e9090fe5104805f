// `node --import tsx scripts/serve.ts`: serves the built app and the device API on PORT against
// DATABASE_URL (no migrations or seeding; `npm start` does those first and then runs this).
// Use --dev for Next.js's development server.
import { register } from "node:module";
import { projectRoot } from "./lib/migrations";

// Herald's server modules mark themselves "server-only"; this process is the server.
register("./lib/hooks.mjs", import.meta.url);

export async function serve(options: { dev: boolean; port: number; hostname?: string }) {
  (process.env as Record<string, string | undefined>).NODE_ENV ??= options.dev ? "development" : "production";
  const { startHttpServer } = await import("../server/device-api/http-server");
  return startHttpServer({ dir: projectRoot, ...options });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dev = process.argv.includes("--dev");
  const port = Number(process.env.PORT ?? 3000);
  const running = await serve({ dev, port, hostname: process.env.HERALD_HOST });
  console.log(`[herald] serving on http://${process.env.HERALD_HOST ?? "localhost"}:${port}`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
