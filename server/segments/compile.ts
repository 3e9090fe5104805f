// Compiles an audience expression to a parameterised PostgreSQL predicate over "Device" for
// node-postgres ({ text, values } with $1...). User input only ever travels in `values`.
// Not marked "server-only": the benchmark script runs it outside Next.js.
//
// Why the shape of the SQL: negations are pushed down to the conditions (De Morgan), so a NULL column
// can never turn `not (...)` into "unknown" and drop a row the evaluator keeps; positive conditions stay
// bare so that tags use the GIN index "Device_tags_idx" and lastActive/createdAt/appVersion are range
// comparisons on btree indexes (the partial "Device_active_*" ones are covering: counts of sendable
// devices read no table rows). Tag conditions of one and/or are merged into one array operator
// (`tags @> ARRAY[a, b]` for and, `tags && ARRAY[a, b]` for or): one index scan.
import { channelMaskOf } from "@/lib/channels/devices";
import { durationThreshold, versionKey, versionParts, type SegmentNode, type SegmentTerm } from "@/lib/segments/ast";

// A parameterised SQL text for node-postgres.
export interface SqlQuery {
  text: string;
  values: unknown[];
}

// Anything that runs a parameterised query: pg.Pool, pg.Client, pg.PoolClient. Lives here, beside the
// queries it runs, so that count.ts and complement.ts both take it without importing each other.
export interface Queryable {
  query<R extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

// Options of a compilation: the app the audience belongs to and the instant durations count from.
export interface CompileOptions {
  appId: string;
  now: Date;
  // Only devices that can be sent to (status = 'active'); true unless set to false.
  sendableOnly?: boolean;
}

type Mergeable = Extract<SegmentTerm, { kind: "tag" | "platform" | "channel" }>;
const isMergeable = (term: SegmentTerm): term is Mergeable =>
  term.kind === "tag" || term.kind === "platform" || term.kind === "channel";

// How much testing a condition on one row costs, roughly: PostgreSQL rates the operators here alike
// and keeps their written order, and an and stops at its first false operand (an or at its first true
// one). Array operators on tags cost most (~0.1 us per row on 8 tags), so `not (tag:x or platform:a)`
// tests the platform first: 16% faster on 1,000,000 devices (332 -> 280 ms on a busy machine).
const TERM_COST: Record<SegmentTerm["kind"], number> = {
  platform: 0,
  channel: 0,
  test: 0,
  lastActive: 0,
  createdAt: 0,
  timezone: 1,
  appVersion: 1,
  locale: 2,
  tag: 3,
};
const costOf = (node: Normal): number =>
  node.kind === "term" ? TERM_COST[node.term.kind] : Math.max(0, ...node.children.map(costOf));

type Normal = { kind: "and" | "or"; children: Normal[] } | { kind: "term"; term: SegmentTerm; negated: boolean };

// Negation normal form: `not` only on terms, nested and/or of the same kind flattened.
function normalize(node: SegmentNode, negated: boolean): Normal {
  if (node.kind === "not") return normalize(node.child, !negated);
  if (node.kind === "and" || node.kind === "or") {
    const kind = (node.kind === "and") !== negated ? "and" : "or";
    const children = node.children
      .map((child) => normalize(child, negated))
      .flatMap((child) => (child.kind === kind ? child.children : [child]));
    return { kind, children };
  }
  return { kind: "term", term: node, negated };
}

// lower() under the "C" collation folds A-Z only (byte by byte), exactly like foldAscii, at a tenth of
// the cost of translate() with two 26-letter alphabets (measured per row: ~0.07 us against ~0.7 us).
const foldedLocale = `lower("locale" collate "C")`;
// versionKey (lib/segments/ast.ts) in SQL, of a text expression: for writing Device.appVersionKey in bulk
// (the migration that added it, the benchmark's loader). Regular expressions cannot count digits, so
// the "~" per digit beyond the first is made by copying the digits after the first and replacing them.
export function versionKeySql(version: string): string {
  // Concatenated, not wrapped: the migration holds this exact text.
  const canonical =
    `regexp_replace(regexp_replace(substring(${version} FROM '^[0-9]+(?:\\.[0-9]+)*'), '(\\.0+)+$', ''), ` +
    `'(^|\\.)0+(?=[0-9])', '\\1', 'g')`;
  const letters = `translate(${canonical}, '0123456789', 'abcdefghij')`;
  return (
    `decode(regexp_replace(regexp_replace(${letters}, '([a-j])([a-j]*)', '\\2#\\1\\2', 'g'), ` +
    `'[a-j](?=[a-j]*#)', '~', 'g'), 'escape')`
  );
}

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
      case "tag":
        return guard(`"tags" @> ARRAY[${this.param(term.value)}]::text[]`);
      case "platform":
        return `"platform" ${negated ? "<>" : "="} ${this.param(term.value)}::"Platform"`;
      case "channel":
        // "Has an active address on": a bit of the covering indexes' channelMask (see schema.prisma).
        return this.channels([term.value], negated);
      case "test":
        return term.value !== negated ? `"isTest"` : `not "isTest"`;
      case "locale":
        return guard(
          term.prefix
            ? `starts_with(${foldedLocale}, ${this.param(term.value)})`
            : `${foldedLocale} = ${this.param(term.value)}`,
        );
      case "timezone":
        return guard(
          term.prefix ? `starts_with("timezone", ${this.param(term.value)})` : `"timezone" = ${this.param(term.value)}`,
        );
      case "appVersion": {
        // "appVersionKey" is generated from "appVersion" by the database (see versionKey): indexable.
        const op = term.op === "!=" ? "<>" : term.op;
        return guard(
          `"appVersionKey" ${op} ${this.param(Buffer.from(versionKey(versionParts(term.version) ?? [])))}::bytea`,
        );
      }
      case "lastActive":
      case "createdAt": {
        // `>30d` = older than the threshold; negation flips the comparison (both columns are NOT NULL).
        const older = term.op === ">" || term.op === ">=";
        const inclusive = term.op === ">=" || term.op === "<=";
        const op = older !== negated ? (inclusive !== negated ? "<=" : "<") : inclusive !== negated ? ">=" : ">";
        const column = term.kind === "lastActive" ? `"lastActiveAt"` : `"createdAt"`;
        const threshold = this.param(timestampOf(durationThreshold(this.now, term.amount, term.unit)));
        return `${column} ${op} ${threshold}::timestamp`;
      }
    }
  }

  // Several tag terms of the same sign inside one and/or as one array operator.
  tags(values: string[], negated: boolean, kind: "and" | "or"): string {
    const list = `ARRAY[${values.map((v) => this.param(v)).join(", ")}]::text[]`;
    // and of positives: has all (@>); or of positives: has any (&&); and of negatives: has none; or of negatives:
    // lacks one.
    const operator = (kind === "and") !== negated ? "@>" : "&&";
    const sql = `"tags" ${operator} ${list}`;
    return negated ? `not coalesce(${sql}, false)` : sql;
  }

  // Several platform values of which one is wanted (or) or none (and of negations): `= ANY(array)`
  // is one index condition; an or of equalities would filter every index entry instead.
  platforms(values: string[], negated: boolean): string {
    const list = `ARRAY[${values.map((v) => this.param(v)).join(", ")}]::"Platform"[]`;
    return negated ? `"platform" <> ALL(${list})` : `"platform" = ANY(${list})`;
  }

  // An active address on any of `channels` (or, negated, on none of them): one bit test of the mask.
  channels(values: string[], negated: boolean): string {
    return `("channelMask" & ${this.param(channelMaskOf(values))}::int) ${negated ? "=" : "<>"} 0`;
  }

  node(node: Normal): string {
    if (node.kind === "term") return this.term(node.term, node.negated);
    if (node.children.length === 0) return node.kind === "and" ? "true" : "false";
    // Terms that one array operator tests together, keyed by field and sign: tags always; platform or
    // channel when several values may match (or) or none may (and of negations).
    const groups = new Map<string, { field: Mergeable["kind"]; negated: boolean; values: Set<string> }>();
    const groupKey = (c: Normal): string | null => {
      if (c.kind !== "term" || !isMergeable(c.term)) return null;
      if (c.term.kind !== "tag" && (node.kind === "or") === c.negated) return null;
      const key = `${c.term.kind} ${c.negated}`;
      const group = groups.get(key) ?? { field: c.term.kind, negated: c.negated, values: new Set<string>() };
      group.values.add(c.term.value);
      groups.set(key, group);
      return key;
    };
    const keys = node.children.map(groupKey);
    const counts = new Map<string, number>();
    for (const key of keys) if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
    const isMerged = (key: string | null): key is string => key !== null && (counts.get(key) ?? 0) > 1;
    const parts = [...groups.entries()]
      .filter(([key]) => isMerged(key))
      .map(([, g]) => ({
        cost: TERM_COST[g.field],
        sql:
          g.field === "tag"
            ? this.tags([...g.values], g.negated, node.kind)
            : g.field === "platform"
              ? this.platforms([...g.values], g.negated)
              : this.channels([...g.values], g.negated),
      }));
    node.children.forEach((child, i) => {
      if (!isMerged(keys[i]))
        parts.push({ cost: costOf(child), sql: child.kind === "term" ? this.node(child) : `(${this.node(child)})` });
    });
    // Cheap operands first (a stable sort): see TERM_COST.
    parts.sort((a, b) => a.cost - b.cost);
    return parts.length === 1 ? parts[0].sql : parts.map((part) => part.sql).join(` ${node.kind} `);
  }
}

// Back from negation normal form to a syntax tree (`not` directly above terms).
function denormalize(node: Normal): SegmentNode {
  if (node.kind === "term") return node.negated ? { kind: "not", child: node.term } : node.term;
  return { kind: node.kind, children: node.children.map(denormalize) };
}

// An expression of the shape `rest and not any(tags)` split into `rest` and `tags` (the tags its
// top-level and requires a device not to have, after pushing negations down); null when it has none.
// `not tag:x` cannot use the GIN index, so count.ts may count such an audience as count(rest) minus
// count(rest and any(tags)), two queries that both can.
export function splitNegatedTags(ast: SegmentNode): { rest: SegmentNode; tags: string[] } | null {
  const top = normalize(ast, false);
  const children = top.kind === "and" ? top.children : [top];
  const isNegatedTag = (c: Normal) => c.kind === "term" && c.negated && c.term.kind === "tag";
  const tags = children.flatMap((c) =>
    c.kind === "term" && isNegatedTag(c) && c.term.kind === "tag" ? [c.term.value] : [],
  );
  if (tags.length === 0) return null;
  return {
    rest: { kind: "and", children: children.filter((c) => !isNegatedTag(c)).map(denormalize) },
    tags: [...new Set(tags)],
  };
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
