// The architecture's boundaries are lint rules (eslint.config.mjs): each deliberately wrong import below
// must fail `npm run lint` with the rule that guards it, and the allowed neighbour of each must pass.
// Snippets are linted as if saved at the given path, so the real config and resolver decide.
import fs from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it, vi } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
let eslint: ESLint;

// Loading the config and building the import graph take seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

// The rule ids that report on `code` saved as `file` (project-relative).
async function rulesFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map((message) => message.ruleId ?? `fatal: ${message.message}`);
}

const restrictedPaths = "import/no-restricted-paths";
const actionsOnly = "@typescript-eslint/no-restricted-imports";
const cycle = "herald/no-import-cycle";

describe("boundaries", () => {
  it("components never import the database client or raw SQL", async () => {
    expect(
      await rulesFor("components/probe.tsx", 'import { prisma } from "@/server/db";\nexport const p = prisma;\n'),
    ).toContain(restrictedPaths);
    expect(
      await rulesFor("components/probe.tsx", 'import { sqlPool } from "@/server/sql";\nexport const p = sqlPool;\n'),
    ).toContain(restrictedPaths);
  });

  it("components import values from server/ only through server actions", async () => {
    const query = 'import { listSegments } from "@/server/segments/queries";\nexport const q = listSegments;\n';
    expect(await rulesFor("components/segments/probe.tsx", query)).toContain(actionsOnly);
    const relative = 'import { listSegments } from "../../server/segments/queries";\nexport const q = listSegments;\n';
    expect(await rulesFor("components/segments/probe.tsx", relative)).toContain(actionsOnly);
    const action = 'import { deleteSegment } from "@/server/segments/actions";\nexport const a = deleteSegment;\n';
    expect(await rulesFor("components/segments/probe.tsx", action)).toEqual([]);
    const typeOnly =
      'import type { SegmentListing } from "@/server/segments/queries";\nexport type L = SegmentListing;\n';
    expect(await rulesFor("components/segments/probe.tsx", typeOnly)).toEqual([]);
  });

  it("providers import no domain, database client or dispatcher module", async () => {
    for (const target of [
      "@/server/db",
      "@/server/sql",
      "@/server/log",
      "@/server/apps/credentials",
      "@/server/dispatch/config",
    ]) {
      const code = `import * as m from "${target}";\nexport const x = m;\n`;
      expect(await rulesFor("server/dispatch/providers/fcm/probe.ts", code), target).toContain(restrictedPaths);
    }
    const sibling = 'import * as m from "../types";\nexport const x = m;\n';
    expect(await rulesFor("server/dispatch/providers/fcm/probe.ts", sibling)).toEqual([]);
  });

  it("lib imports nothing outside lib", async () => {
    for (const target of ["@/server/log", "@/components/ui/button", "../../server/errors"]) {
      const code = `import * as m from "${target}";\nexport const x = m;\n`;
      expect(await rulesFor("lib/segments/probe.ts", code), target).toContain(restrictedPaths);
    }
    expect(await rulesFor("lib/segments/probe.ts", 'import * as m from "@/lib/cn";\nexport const x = m;\n')).toEqual(
      [],
    );
  });

  it("server never imports app/ or components/", async () => {
    const code = 'import * as m from "@/components/ui/button";\nexport const x = m;\n';
    expect(await rulesFor("server/audit/probe.ts", code)).toContain(restrictedPaths);
  });
});

describe("cycles", () => {
  it("an import that closes a cycle between two files fails, type-only or not", async () => {
    // lib/segments/parse.ts imports ./lex; lex importing parse back closes a cycle.
    const lex = fs.readFileSync(path.join(root, "lib/segments/lex.ts"), "utf8");
    expect(await rulesFor("lib/segments/lex.ts", lex)).toEqual([]);
    expect(
      await rulesFor(
        "lib/segments/lex.ts",
        `${lex}\nimport type { parseSegment as P } from "./parse";\nexport type Q = typeof P;\n`,
      ),
    ).toContain(cycle);
  });

  it("an import that closes a cycle between two server folders fails", async () => {
    // server/users imports server/audit; audit importing users back closes a folder cycle.
    const write = fs.readFileSync(path.join(root, "server/audit/write.ts"), "utf8");
    expect(await rulesFor("server/audit/write.ts", write)).toEqual([]);
    const back = `${write}\nimport type { StaffRow as U } from "@/server/users/queries";\nexport type V = U;\n`;
    expect(await rulesFor("server/audit/write.ts", back)).toContain(cycle);
  });
});
