// Compiles an audience expression to a parameterised PostgreSQL predicate over "Device" for
// node-postgres ({ text, values } with $1...). User input only ever travels in `values`.
// Not marked "server-only": the benchmark script runs it outside Next.js.
//
// Why the shape of the SQL: negations are pushed down to the conditions (De Morgan), so a NULL column
// can never turn `not (...)` into "unknown" and drop a row the evaluator keeps; positive conditions stay
// bare so that tags use the GIN index "Device_tags_idx" and lastActive/createdAt are range comparisons
// on the (appId, lastActiveAt) / (appId, createdAt, id) indexes. Tag conditions of one and/or are merged
// into one array operator (`tags @> ARRAY[a, b]` for and, `tags && ARRAY[a, b]` for or): one index scan.
import { durationThreshold, versionParts, type SegmentNode, type SegmentTerm } from "@/lib/segments/ast";

// A parameterised SQL text for node-postgres.
export interface SqlQuery {
  text: string;
  values: unknown[];
}

// Options of a compilation: the app the audience belongs to and the instant durations count from.
export interface CompileOptions {
  appId: string;
  now: Date;
  // Only devices that can be sent to (status = 'active'); true unless set to false.
  sendableOnly?: boolean;
}

type Normal = { kind: "and" | "or"; children: Normal[] } | { kind: "term"; term: SegmentTerm; negated: boolean };

// Negation normal form: `not` only on terms, nested and/or of the same kind flattened.
function normalize(node: SegmentNode, negated: boolean): Normal {
  if (node.kind === "not") return normalize(node.child, !negated);
  if (node.kind === "and" || node.kind === "or") {
    const kind = (node.kind === "and") !== negated ? "and" : "or";
    const children = node.children.map((child) => normalize(child, negated)).flatMap((child) => (child.kind === kind ? child.children : [child]));
    return { kind, children };
  }
  return { kind: "term", term: node, negated };
}

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const foldedLocale = `translate("locale", '${UPPER}', '${LOWER}')`;
const deviceVersion = `string_to_array(regexp_replace(substring("appVersion" from '^[0-9]+(?:\\.[0-9]+)*'), '(\\.0+)+$', ''), '.')::numeric[]`;
const timestampOf = (date: Date) => date.toISOString().slice(0, 23); // UTC wall clock, as Prisma stores DateTime

class Compiler {
  constructor(
    readonly values: unknown[],
    private readonly now: Date,
  ) {}

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  // A term as SQL that is never NULL where it matters: positive terms may be NULL (acts as false
  // without a `not` above it); negated terms go through coalesce when their column is nullable.
  term(term: SegmentTerm, negated: boolean): string {
    const guard = (sql: string) => (negated ? `not coalesce(${sql}, false)` : sql);
    switch (term.kind) {
      case "tag": return guard(`"tags" @> ARRAY[${this.param(term.value)}]::text[]`);
      case "platform": return `"platform" ${negated ? "<>" : "="} ${this.param(term.value)}::"Platform"`;
      case "channel": return `"channel" ${negated ? "<>" : "="} ${this.param(term.value)}::"Channel"`;
      case "test": return term.value !== negated ? `"isTest"` : `not "isTest"`;
      case "locale": return guard(term.prefix ? `starts_with(${foldedLocale}, ${this.param(term.value)})` : `${foldedLocale} = ${this.param(term.value)}`);
      case "timezone": return guard(term.prefix ? `starts_with("timezone", ${this.param(term.value)})` : `"timezone" = ${this.param(term.value)}`);
      case "appVersion": {
        const parts = versionParts(term.version) ?? [];
        const op = term.op === "!=" ? "<>" : term.op;
        return guard(`${deviceVersion} ${op} ${this.param(`{${parts.join(",")}}`)}::numeric[]`);
      }
      case "lastActive":
      case "createdAt": {
        // `>30d` = older than the threshold; negation flips the comparison (both columns are NOT NULL).
        const older = term.op === ">" || term.op === ">=";
        const inclusive = term.op === ">=" || term.op === "<=";
        const op = older !== negated ? (inclusive !== negated ? "<=" : "<") : inclusive !== negated ? ">=" : ">";
        const column = term.kind === "lastActive" ? `"lastActiveAt"` : `"createdAt"`;
        return `${column} ${op} ${this.param(timestampOf(durationThreshold(this.now, term.amount, term.unit)))}::timestamp`;
      }
    }
  }

  // Several tag terms of the same sign inside one and/or as one array operator.
  tags(values: string[], negated: boolean, kind: "and" | "or"): string {
    const list = `ARRAY[${values.map((v) => this.param(v)).join(", ")}]::text[]`;
    // and of positives: has all (@>); or of positives: has any (&&); and of negatives: has none; or of negatives: lacks one.
    const operator = (kind === "and") !== negated ? "@>" : "&&";
    const sql = `"tags" ${operator} ${list}`;
    return negated ? `not coalesce(${sql}, false)` : sql;
  }

  node(node: Normal): string {
    if (node.kind === "term") return this.term(node.term, node.negated);
    if (node.children.length === 0) return node.kind === "and" ? "true" : "false";
    const isTag = (c: Normal, negated: boolean): c is Extract<Normal, { kind: "term" }> => c.kind === "term" && c.term.kind === "tag" && c.negated === negated;
    const merged = [false, true].filter((negated) => node.children.filter((c) => isTag(c, negated)).length > 1);
    const parts = merged.map((negated) => this.tags([...new Set(node.children.flatMap((c) => (isTag(c, negated) && c.term.kind === "tag" ? [c.term.value] : [])))], negated, node.kind));
    for (const child of node.children) {
      if (merged.some((negated) => isTag(child, negated))) continue;
      parts.push(child.kind === "term" ? this.node(child) : `(${this.node(child)})`);
    }
    return parts.length === 1 ? parts[0] : parts.join(` ${node.kind} `);
  }
}

// The predicate alone (no app scope), appending its parameters to `values` (for composing queries).
export function compileMatch(ast: SegmentNode, now: Date, values: unknown[]): string {
  return new Compiler(values, now).node(normalize(ast, false));
}

// The full WHERE condition: `"appId" = $1 [and "status" = 'active'] and (<predicate>)`.
export function compileSegment(ast: SegmentNode, options: CompileOptions): SqlQuery {
  const values: unknown[] = [options.appId];
  const match = compileMatch(ast, options.now, values);
  const status = options.sendableOnly === false ? "" : ` and "status" = 'active'`;
  return { text: `"appId" = $1::uuid${status} and (${match})`, values };
}

