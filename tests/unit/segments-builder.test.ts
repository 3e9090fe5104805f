// The visual builder's rows <-> expression tree conversion: exact round trips (property tests over
// random trees and random rows), what it refuses to show, and the row edits it offers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatExpression, parseSegment, type SegmentNode, type SegmentTerm } from "@/lib/segments";
import {
  appendRow,
  astToBuilder,
  BUILDER_MAX_DEPTH,
  builderToAst,
  builderToExpression,
  defaultTerm,
  builderFields,
  expressionToBuilder,
  normalizeTerm,
  updateRow,
  type BuilderGroup,
  type BuilderRow,
} from "@/lib/segments/builder";
import { makeSegmentArbitrary, segmentArbitrary, anyVocabulary } from "./segments-arbitrary";

const tag = (value: string): SegmentTerm => ({ kind: "tag", value });
const cond = (term: SegmentTerm, negated = false): BuilderRow => ({ kind: "condition", term, negated });
const rowsOf = (text: string) => {
  const result = expressionToBuilder(text);
  if (!result.ok) throw new Error(`not representable: ${result.reason}`);
  return result.root;
};

// Terms as the parser produces them (the arbitrary's trees are canonical, so its terms are too).
const termArbitrary = makeSegmentArbitrary(anyVocabulary, 0).filter(
  (node): node is SegmentTerm => !["and", "or", "not"].includes(node.kind),
);

// Random rows within the builder's limits, in canonical form: no empty groups; a top level with
// fewer than two rows matches "all" and is not just one plain group of two or more rows (that is
// the same tree as the group's rows at the top level).
function groupArbitrary(depth: number): fc.Arbitrary<BuilderGroup> {
  const row: fc.Arbitrary<BuilderRow> =
    depth < BUILDER_MAX_DEPTH
      ? fc.oneof(
          fc.record({ kind: fc.constant("condition" as const), term: termArbitrary, negated: fc.boolean() }),
          groupArbitrary(depth + 1),
        )
      : fc.record({ kind: fc.constant("condition" as const), term: termArbitrary, negated: fc.boolean() });
  return fc.record({
    kind: fc.constant("group" as const),
    match: fc.constantFrom("all" as const, "any" as const),
    negated: fc.boolean(),
    rows: fc.array(row, { minLength: 1, maxLength: 3 }),
  });
}
const rootArbitrary = fc
  .record({
    match: fc.constantFrom("all" as const, "any" as const),
    rows: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant("condition" as const), term: termArbitrary, negated: fc.boolean() }),
        groupArbitrary(1),
      ),
      { maxLength: 4 },
    ),
  })
  .map(({ match, rows }): BuilderGroup => ({
    kind: "group",
    match: rows.length < 2 ? "all" : match,
    negated: false,
    rows,
  }))
  .filter(
    (root) =>
      !(
        root.rows.length === 1 &&
        root.rows[0].kind === "group" &&
        !root.rows[0].negated &&
        root.rows[0].rows.length >= 2
      ),
  );

describe("rows <-> tree", () => {
  it("reads the issue's example as one row per condition, the or as a group", () => {
    const root = rowsOf(
      "tag:vip and not tag:churned and (platform:android or platform:ios) and locale:zh* and appVersion>=5.2 and " +
        "lastActive>30d",
    );
    expect(root.match).toBe("all");
    expect(root.rows).toEqual([
      cond(tag("vip")),
      cond(tag("churned"), true),
      {
        kind: "group",
        match: "any",
        negated: false,
        rows: [cond({ kind: "platform", value: "android" }), cond({ kind: "platform", value: "ios" })],
      },
      cond({ kind: "locale", value: "zh", prefix: true }),
      cond({ kind: "appVersion", op: ">=", version: "5.2" }),
      cond({ kind: "lastActive", op: ">", amount: 30, unit: "d" }),
    ]);
  });

  it("an empty expression is no rows, and no rows is the empty expression", () => {
    expect(rowsOf("  ").rows).toEqual([]);
    expect(builderToExpression({ kind: "group", match: "any", negated: false, rows: [] })).toBe("");
  });

  it("shows not(any(...)) as a negated group and single-child all()/any() as one-row groups", () => {
    expect(rowsOf("not (tag:a or tag:b)").rows).toEqual([
      { kind: "group", match: "any", negated: true, rows: [cond(tag("a")), cond(tag("b"))] },
    ]);
    expect(builderToExpression(rowsOf("all(tag:a)"))).toBe("all(tag:a)");
    expect(builderToExpression(rowsOf("tag:x and any(tag:a)"))).toBe("tag:x and any(tag:a)");
  });

  it("refuses, with a reason, what it cannot show: double negation, groups nested too deep, parse errors", () => {
    expect(expressionToBuilder("not not tag:a")).toEqual({ ok: false, reason: "doubleNegation" });
    expect(expressionToBuilder("tag:x and (tag:a or (tag:b and (tag:c or tag:d)))")).toEqual({
      ok: false,
      reason: "tooDeep",
    });
    expect(expressionToBuilder("tag:x and (tag:a or (tag:b and tag:c))").ok).toBe(true);
    expect(expressionToBuilder("tag:vip and (")).toEqual({ ok: false, reason: "parse" });
  });

  it("property: any tree it can show comes back identical, and its text parses to the same tree", () => {
    let shown = 0;
    fc.assert(
      fc.property(segmentArbitrary, (ast) => {
        const result = astToBuilder(ast);
        if (!result.ok) return;
        shown++;
        const back = builderToAst(result.root);
        expect(back).toEqual(ast);
        expect(parseSegment(builderToExpression(result.root))).toEqual(ast);
      }),
      { numRuns: 1500 },
    );
    // The generator is not so deep that the property is vacuous.
    expect(shown).toBeGreaterThan(300);
  });

  it("property: it refuses only trees with a double negation or groups deeper than its limit", () => {
    const depthOf = (node: SegmentNode): number =>
      node.kind === "and" || node.kind === "or"
        ? 1 + Math.max(...node.children.map(depthOf))
        : node.kind === "not"
          ? depthOf(node.child)
          : 0;
    const hasDoubleNot = (node: SegmentNode): boolean =>
      node.kind === "not"
        ? node.child.kind === "not" || hasDoubleNot(node.child)
        : node.kind === "and" || node.kind === "or"
          ? node.children.some(hasDoubleNot)
          : false;
    fc.assert(
      fc.property(segmentArbitrary, (ast) => {
        const result = astToBuilder(ast);
        // The top-level and/or of two or more is the builder's own top level, not a group.
        const topIsRoot = (ast.kind === "and" || ast.kind === "or") && ast.children.length >= 2;
        const groupDepth = depthOf(ast) - (topIsRoot ? 1 : 0);
        expect(result.ok).toBe(!hasDoubleNot(ast) && groupDepth <= BUILDER_MAX_DEPTH);
      }),
      { numRuns: 1500 },
    );
  });

  it("property: canonical rows survive rows -> text -> rows unchanged", () => {
    fc.assert(
      fc.property(rootArbitrary, (root) => {
        const text = builderToExpression(root);
        const back = expressionToBuilder(text);
        expect(back).toEqual({ ok: true, root });
      }),
      { numRuns: 1000 },
    );
  });
});

describe("row edits", () => {
  const root = rowsOf("tag:vip and (platform:android or platform:ios) and lastActive>30d");

  it("changes a condition inside a group and rewrites the text through the formatter", () => {
    const edited = updateRow(
      root,
      [1, 1],
      (row) => ({ ...row, term: { kind: "platform", value: "web" } }) as BuilderRow,
    );
    expect(builderToExpression(edited)).toBe("tag:vip and (platform:android or platform:web) and lastActive>30d");
  });

  it("removing a group's last rows removes the group; appending adds to the right group", () => {
    let edited = updateRow(root, [1, 0], () => null);
    expect(builderToExpression(edited)).toBe("tag:vip and any(platform:ios) and lastActive>30d");
    edited = updateRow(edited, [1, 0], () => null);
    expect(builderToExpression(edited)).toBe("tag:vip and lastActive>30d");
    const appended = appendRow(root, [1], cond({ kind: "platform", value: "harmony" }));
    expect(builderToExpression(appended)).toBe(
      "tag:vip and (platform:android or platform:ios or platform:harmony) and lastActive>30d",
    );
    const grouped = appendRow(root, [], {
      kind: "group",
      match: "any",
      negated: true,
      rows: [cond(tag("churned")), cond({ kind: "test", value: true })],
    });
    expect(builderToExpression(grouped)).toBe(
      "tag:vip and (platform:android or platform:ios) and lastActive>30d and not (tag:churned or test:true)",
    );
  });

  it("negating and switching all/any", () => {
    const negated = updateRow(root, [0], (row) => ({ ...row, negated: true }));
    expect(builderToExpression({ ...negated, match: "any" })).toBe(
      "not tag:vip or (platform:android or platform:ios) or lastActive>30d",
    );
  });

  it("normalises conditions the way the parser reads them, and refuses what cannot be written", () => {
    expect(normalizeTerm(tag("  VIP "))).toEqual(tag("vip"));
    expect(normalizeTerm(tag("city:new york"))).toEqual(tag("city:new york"));
    expect(normalizeTerm(tag("  "))).toBeNull();
    expect(normalizeTerm({ kind: "appVersion", op: ">=", version: "5." })).toBeNull();
    expect(normalizeTerm({ kind: "lastActive", op: ">", amount: 100 * 53, unit: "w" })).toBeNull();
    expect(normalizeTerm({ kind: "lastActive", op: ">", amount: 1.5, unit: "d" })).toBeNull();
    expect(normalizeTerm({ kind: "locale", value: "ZH-cn", prefix: false })).toEqual({
      kind: "locale",
      value: "zh-cn",
      prefix: false,
    });
    expect(normalizeTerm({ kind: "timezone", value: "America/", prefix: true })).toEqual({
      kind: "timezone",
      value: "America/",
      prefix: true,
    });
    expect(normalizeTerm({ kind: "timezone", value: "", prefix: true })).toBeNull();
  });

  it("every default condition is already in the parser's form", () => {
    for (const field of builderFields) {
      const term = defaultTerm(field);
      if (term) expect(normalizeTerm(term), field).toEqual(term);
    }
    expect(formatExpression(defaultTerm("lastActive")!)).toBe("lastActive>30d");
  });
});
