// fast-check generators of audience expression trees in the parser's canonical form (shared by the
// round-trip unit test and the SQL-versus-evaluator property test).
import fc from "fast-check";
import { DURATION_UNITS, SEGMENT_CHANNELS, SEGMENT_PLATFORMS, type SegmentNode } from "@/lib/segments";

// The values terms draw from; small vocabularies make predicates hit real devices.
export interface SegmentVocabulary {
  tags: fc.Arbitrary<string>;
  locales: fc.Arbitrary<string>;
  timezones: fc.Arbitrary<string>;
  versions: fc.Arbitrary<string>;
  amounts: fc.Arbitrary<number>;
}

const awkward = fc.string({ unit: fc.constantFrom(..."abcxyz019 :'\";\\-_*()/%$,éß中"), minLength: 1, maxLength: 12 });

// Free-form values, for checking that formatting and parsing agree on anything.
export const anyVocabulary: SegmentVocabulary = {
  tags: awkward.map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0),
  locales: awkward
    .map((s) => s.replace(/\*/g, "").replace(/[A-Z]/g, (c) => c.toLowerCase()))
    .filter((s) => s.length > 0),
  timezones: awkward.map((s) => s.replace(/\*/g, "")).filter((s) => s.length > 0),
  versions: fc.array(fc.nat({ max: 120 }), { minLength: 1, maxLength: 4 }).map((parts) => parts.join(".")),
  amounts: fc.nat({ max: 5000 }),
};

// A random tree: every node kind, nesting, negation, n-ary and/or (1-child ones too, as any()/all() give).
export function makeSegmentArbitrary(vocabulary: SegmentVocabulary, maxDepth = 5): fc.Arbitrary<SegmentNode> {
  const { tree } = fc.letrec<{ tree: SegmentNode; term: SegmentNode }>((tie) => ({
    tree: fc.oneof(
      { depthSize: "small", maxDepth, withCrossShrink: true },
      tie("term"),
      fc.record({
        kind: fc.constantFrom("and" as const, "or" as const),
        children: fc.array(tie("tree"), { minLength: 1, maxLength: 4 }),
      }),
      fc.record({ kind: fc.constant("not" as const), child: tie("tree") }),
    ),
    term: fc.oneof(
      fc.record({ kind: fc.constant("tag" as const), value: vocabulary.tags }),
      fc.record({ kind: fc.constant("tag" as const), value: vocabulary.tags }),
      fc.record({ kind: fc.constant("platform" as const), value: fc.constantFrom(...SEGMENT_PLATFORMS) }),
      fc.record({ kind: fc.constant("channel" as const), value: fc.constantFrom(...SEGMENT_CHANNELS) }),
      fc.record({ kind: fc.constant("locale" as const), value: vocabulary.locales, prefix: fc.boolean() }),
      fc.record({ kind: fc.constant("timezone" as const), value: vocabulary.timezones, prefix: fc.boolean() }),
      fc.record({
        kind: fc.constant("appVersion" as const),
        op: fc.constantFrom("=" as const, "!=" as const, ">" as const, ">=" as const, "<" as const, "<=" as const),
        version: vocabulary.versions,
      }),
      fc.record({
        kind: fc.constantFrom("lastActive" as const, "createdAt" as const),
        op: fc.constantFrom(">" as const, ">=" as const, "<" as const, "<=" as const),
        amount: vocabulary.amounts,
        unit: fc.constantFrom(...DURATION_UNITS),
      }),
      fc.record({ kind: fc.constant("test" as const), value: fc.boolean() }),
    ),
  }));
  return tree;
}

export const segmentArbitrary = makeSegmentArbitrary(anyVocabulary);
