// ESLint flat config: Next.js core web vitals and TypeScript rules, plus the architecture's boundaries
// (ARCHITECTURE.md, "Rules that lint enforces"). tests/unit/lint-boundaries.test.ts proves each boundary
// rule fails on a deliberately wrong import.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import herald from "./scripts/lint/plugin.mjs";

// Server modules a client or server component may import values from: server actions ("use server"
// files are named actions.ts or <something>-actions.ts). Type-only imports of query result shapes are
// allowed: they are erased at build time and describe exactly what the page hands the component.
const serverValueImport = String.raw`^(?:@/|(?:\.\./)+)server/(?![^/]+/(?:[a-z-]+-)?actions$)`;

const boundaries = {
  files: ["**/*.ts", "**/*.tsx", "**/*.mjs"],
  plugins: { herald },
  rules: {
    "herald/no-import-cycle": "error",
    // Prettier wraps code at 120; this catches what it cannot wrap (strings, SQL, comments).
    "max-len": ["error", { code: 120, tabWidth: 2, ignoreUrls: true }],
    "import/no-restricted-paths": [
      "error",
      {
        zones: [
          {
            target: "./lib",
            from: "./",
            except: ["./lib", "./node_modules"],
            message: "lib/ is isomorphic and stands alone: it imports only lib/ and npm packages.",
          },
          {
            target: "./server",
            from: ["./app", "./components"],
            message: "server/ never imports the UI (app/, components/).",
          },
          {
            target: "./server/dispatch/providers",
            from: "./server",
            except: ["./dispatch/providers"],
            message:
              "A provider is a pure vendor adapter: it imports lib/, its vendor client and providers/ only; " +
              "the dispatcher hands it the decrypted credential and settings.",
          },
          {
            target: "./components",
            from: ["./server/db.ts", "./server/sql.ts", "./server/generated"],
            message: "Components never touch the database: pages and server actions load data.",
          },
        ],
      },
    ],
  },
};

const componentsUseActionsOnly = {
  files: ["components/**/*.ts", "components/**/*.tsx"],
  rules: {
    "@typescript-eslint/no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            regex: serverValueImport,
            allowTypeImports: true,
            message:
              "Components import values from server/ only through server actions (server/<domain>/actions.ts); " +
              "put shared types and constants in lib/.",
          },
        ],
      },
    ],
  },
};

const config = [
  ...nextVitals,
  ...nextTs,
  boundaries,
  componentsUseActionsOnly,
  {
    ignores: [
      ".next*/**",
      ".data/**",
      "node_modules/**",
      "server/generated/**",
      "next-env.d.ts",
      "test-results/**",
      "bench/out/**",
    ],
  },
];

export default config;
