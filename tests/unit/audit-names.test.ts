// Every action the audit log can record, and every target type, has a name in both languages. The
// actions are read from the code itself (defineAction names, writeAudit entries, the lifecycle's
// `campaigns.<event>` codes, the role matrix's catalog), so a new action without names fails here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  actionLabel,
  actionMessageKey,
  changeLines,
  fieldMessageKey,
  humanizeField,
  secretMarkers,
  targetIdText,
  targetLabel,
  targetMessageKey,
  valueMessageGroups,
} from "@/lib/audit/labels";

const root = path.join(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir))) {
    if (entry === "generated" || entry === "node_modules") continue;
    const rel = path.join(dir, entry);
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...sources(rel));
    else if (/\.tsx?$/.test(entry)) out.push(readFileSync(path.join(root, rel), "utf8"));
  }
  return out;
}

function messages(locale: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const dir = path.join(root, "messages", locale);
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")))
    out[file.replace(/\.json$/, "")] = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
  return out;
}

function at(tree: unknown, dotted: string): unknown {
  return dotted
    .split(".")
    .reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as never)[key] : undefined), tree);
}

// The lifecycle's events, read from their type (lib/campaigns/state.ts).
const stateSource = readFileSync(path.join(root, "lib/campaigns/state.ts"), "utf8");
const eventType = /export type CampaignEvent =([^;]+);/.exec(stateSource)?.[1] ?? "";
const events = [...eventType.matchAll(/"([a-zA-Z]+)"/g)].map((m) => m[1]);

const code = sources("server").concat(sources("prisma")).join("\n");
const matrix = readFileSync(path.join(root, "tests/integration/role-matrix.test.ts"), "utf8");
const matrixBlock = /const whoMay[^=]*=\s*\{([\s\S]*?)\n\};/.exec(matrix)?.[1] ?? "";

const actions = new Set<string>([
  ...[...code.matchAll(/defineAction\(\s*\{\s*name:\s*"([a-zA-Z]+\.[a-zA-Z]+)"/g)].map((m) => m[1]),
  ...[...code.matchAll(/\baction:\s*"([a-zA-Z]+\.[a-zA-Z]+)"/g)].map((m) => m[1]),
  ...[...matrixBlock.matchAll(/"([a-zA-Z]+\.[a-zA-Z]+)":/g)].map((m) => m[1]),
]);
// `campaigns.${event}` (the lifecycle's actions and audit entries).
for (const match of code.matchAll(/(?:name|action):\s*`([a-zA-Z]+)\.\$\{event\}`/g))
  for (const event of events) actions.add(`${match[1]}.${event}`);
const targets = new Set([...code.matchAll(/\btargetType:\s*"([a-zA-Z]+)"/g)].map((m) => m[1]));

describe("audit names", () => {
  it("finds the actions and targets in the code", () => {
    expect(events).toContain("submit");
    expect([...actions]).toEqual(
      expect.arrayContaining(["campaigns.submit", "campaigns.approve", "credentials.save", "users.create"]),
    );
    expect([...targets]).toEqual(expect.arrayContaining(["Campaign", "ProviderCredential", "App"]));
  });

  for (const locale of ["en", "zh-CN"]) {
    const tree = messages(locale);
    it(`${locale}: every action has a name`, () => {
      const missing = [...actions].filter(
        (action) => typeof at(tree, `auditNames.${actionMessageKey(action)}`) !== "string",
      );
      expect(missing).toEqual([]);
    });

    it(`${locale}: every target type has a name`, () => {
      const missing = [...targets].filter((t) => typeof at(tree, `auditNames.${targetMessageKey(t)}`) !== "string");
      expect(missing).toEqual([]);
    });

    it(`${locale}: secret markers and value groups have messages`, () => {
      for (const key of Object.values(secretMarkers)) expect(typeof at(tree, `auditNames.${key}`), key).toBe("string");
      for (const group of Object.values(valueMessageGroups)) expect(typeof at(tree, group), group).toBe("object");
      expect(typeof at(tree, `auditNames.${fieldMessageKey("state")}`)).toBe("string");
    });
  }

  it("maps codes to message keys and field names to words", () => {
    expect(actionMessageKey("campaigns.submit")).toBe("actions.campaigns.submit");
    expect(actionMessageKey("not a code")).toBeNull();
    expect(targetMessageKey("ProviderCredential")).toBe("targets.ProviderCredential");
    expect(humanizeField("quietHoursStart")).toBe("Quiet hours start");
    expect(humanizeField("sms_budget")).toBe("Sms budget");
  });
});

describe("audit entries in words", () => {
  const lookupFor = (locale: string) => {
    const tree = messages(locale);
    return (p: string) => {
      const value = at(tree, p);
      return typeof value === "string" ? value : undefined;
    };
  };
  const diff = { state: ["draft", "pending_approval"], secret: "(changed)", channel: "hms", breaking: [false, true] };

  it("reads in English", () => {
    const lookup = lookupFor("en");
    expect(actionLabel("campaigns.submit", lookup)).toBe("Submitted for approval");
    expect(targetLabel("ProviderCredential", lookup)).toBe("Push credential");
    expect(changeLines(diff, lookup)).toEqual([
      { field: "state", label: "State", kind: "change", before: "Draft", after: "Waiting for approval" },
      { field: "secret", label: "Secret", kind: "value", value: "(changed, not recorded)" },
      { field: "channel", label: "Channel", kind: "value", value: "Huawei Push (HMS)" },
      { field: "breaking", label: "Breaking", kind: "change", before: "No", after: "Yes" },
    ]);
  });

  it("reads in Chinese, with no code left", () => {
    const lookup = lookupFor("zh-CN");
    expect(actionLabel("campaigns.submit", lookup)).toBe("提交审批");
    expect(targetLabel("ProviderCredential", lookup)).toBe("推送凭据");
    expect(targetIdText("ProviderCredential", "hms", lookup)).toBe("华为推送 (HMS)");
    expect(targetIdText("Campaign", "2f0c", lookup)).toBe("2f0c");
    const lines = changeLines(diff, lookup);
    expect(lines[0]).toMatchObject({ label: "状态", before: "草稿" });
    expect(JSON.stringify(lines)).not.toMatch(/[a-z]_[a-z]|\(changed\)|\bhms\b|State|Secret/);
    expect(actionLabel("campaigns.somethingNew", lookup)).toBe("其他更改");
  });
});
