// The visual segment builder's model: rows of conditions (each possibly negated) in all/any groups,
// converted to and from the expression tree. The builder edits the SAME expression text: rows ->
// tree -> formatExpression, and text -> parseSegment -> rows. A tree the rows cannot show exactly
// (double negation, groups nested too deep) is reported, never approximated, so nothing is lost.
// Isomorphic.
import type { DurationUnit, SegmentNode, SegmentTerm } from "./ast";
import { formatExpression } from "./format";
import { tryParseSegment } from "./parse";

// One condition on a device field; `negated` reads "is not" / "does not".
export interface BuilderCondition {
  kind: "condition";
  term: SegmentTerm;
  negated: boolean;
}

// Rows combined with all (and) or any (or); a negated group is "none of" (not any) / "not all of".
export interface BuilderGroup {
  kind: "group";
  match: "all" | "any";
  negated: boolean;
  rows: BuilderRow[];
}

export type BuilderRow = BuilderCondition | BuilderGroup;

// Groups may nest this deep below the top level (1 = groups of conditions only).
export const BUILDER_MAX_DEPTH = 2;

export type BuilderUnsupported = "doubleNegation" | "tooDeep";
export type BuilderResult = { ok: true; root: BuilderGroup } | { ok: false; reason: BuilderUnsupported };

class Unsupported extends Error {
  constructor(readonly reason: BuilderUnsupported) {
    super(reason);
  }
}

function rowOf(node: SegmentNode, depth: number): BuilderRow {
  if (node.kind === "not") {
    const inner = node.child;
    if (inner.kind === "not") throw new Unsupported("doubleNegation");
    const row = rowOf(inner, depth);
    return { ...row, negated: true };
  }
  if (node.kind === "and" || node.kind === "or") {
    if (depth > BUILDER_MAX_DEPTH) throw new Unsupported("tooDeep");
    return {
      kind: "group",
      match: node.kind === "and" ? "all" : "any",
      negated: false,
      rows: node.children.map((child) => rowOf(child, depth + 1)),
    };
  }
  return { kind: "condition", term: node, negated: false };
}

// The rows of a tree (null: the empty expression, every device). The top level is a non-negated
// group: an and/or of two or more is its rows; anything else is its one row.
export function astToBuilder(ast: SegmentNode | null): BuilderResult {
  try {
    if (ast === null) return { ok: true, root: { kind: "group", match: "all", negated: false, rows: [] } };
    if ((ast.kind === "and" || ast.kind === "or") && ast.children.length >= 2) {
      return {
        ok: true,
        root: {
          kind: "group",
          match: ast.kind === "and" ? "all" : "any",
          negated: false,
          rows: ast.children.map((child) => rowOf(child, 1)),
        },
      };
    }
    return { ok: true, root: { kind: "group", match: "all", negated: false, rows: [rowOf(ast, 1)] } };
  } catch (error) {
    if (error instanceof Unsupported) return { ok: false, reason: error.reason };
    throw error;
  }
}

// Empty groups say nothing: they are dropped (a group left empty by deleting its last row vanishes).
function rowAst(row: BuilderRow): SegmentNode | null {
  let node: SegmentNode;
  if (row.kind === "condition") node = row.term;
  else {
    const children = row.rows.map(rowAst).filter((child): child is SegmentNode => child !== null);
    if (!children.length) return null;
    node = { kind: row.match === "all" ? "and" : "or", children };
  }
  return row.negated ? { kind: "not", child: node } : node;
}

// The tree of the rows (null when there are none: the whole app).
export function builderToAst(root: BuilderGroup): SegmentNode | null {
  const children = root.rows.map(rowAst).filter((child): child is SegmentNode => child !== null);
  if (!children.length) return null;
  if (children.length === 1 && !root.negated) return children[0];
  const group: SegmentNode = { kind: root.match === "all" ? "and" : "or", children };
  return root.negated ? { kind: "not", child: group } : group;
}

// The expression text of the rows, through the canonical formatter ("" for no rows).
export function builderToExpression(root: BuilderGroup): string {
  const ast = builderToAst(root);
  return ast === null ? "" : formatExpression(ast);
}

// Rows for an expression text; `parse` when it does not parse (the text editor shows why).
export function expressionToBuilder(text: string): BuilderResult | { ok: false; reason: "parse" } {
  if (!text.trim()) return astToBuilder(null);
  const parsed = tryParseSegment(text);
  return parsed.ok ? astToBuilder(parsed.ast) : { ok: false, reason: "parse" };
}

// A condition as the parser would read it back (tags lower-cased, versions checked, durations
// within limits), or null when it cannot be written in the language at all. The builder commits
// only normalised conditions, so what it writes always parses to what it shows.
export function normalizeTerm(term: SegmentTerm): SegmentTerm | null {
  const parsed = tryParseSegment(formatExpression(term));
  if (!parsed.ok || parsed.ast.kind !== term.kind) return null;
  return parsed.ast as SegmentTerm;
}

// Fields the builder offers, in menu order, with the condition a new row starts from (null: the
// value must be typed before the row exists).
export const builderFields = [
  "tag",
  "platform",
  "channel",
  "locale",
  "appVersion",
  "lastActive",
  "createdAt",
  "timezone",
  "test",
] as const;
export type BuilderField = (typeof builderFields)[number];

export function defaultTerm(field: BuilderField): SegmentTerm | null {
  switch (field) {
    case "platform":
      return { kind: "platform", value: "android" };
    case "channel":
      return { kind: "channel", value: "fcm" };
    case "lastActive":
      return { kind: "lastActive", op: ">", amount: 30, unit: "d" as DurationUnit };
    case "createdAt":
      return { kind: "createdAt", op: "<", amount: 90, unit: "d" as DurationUnit };
    case "test":
      return { kind: "test", value: true };
    default:
      return null;
  }
}

// Path of a row: indexes from the top level down (groups' rows).
export type RowPath = readonly number[];

// A copy of `root` with the row at `path` replaced by `update(row)` (null removes it; empty groups go too).
export function updateRow(
  root: BuilderGroup,
  path: RowPath,
  update: (row: BuilderRow) => BuilderRow | null,
): BuilderGroup {
  const [index, ...rest] = path;
  const rows: BuilderRow[] = [];
  root.rows.forEach((row, i) => {
    if (i !== index) return rows.push(row);
    const next = rest.length ? (row.kind === "group" ? updateRow(row, rest, update) : row) : update(row);
    if (next && !(next.kind === "group" && next.rows.length === 0)) rows.push(next);
  });
  return { ...root, rows };
}

// A copy of `root` with `row` appended to the group at `path` ([] = the top level).
export function appendRow(root: BuilderGroup, path: RowPath, row: BuilderRow): BuilderGroup {
  if (!path.length) return { ...root, rows: [...root.rows, row] };
  return updateRow(root, path, (group) => (group.kind === "group" ? appendRow(group, [], row) : group));
}
