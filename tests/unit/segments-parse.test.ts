// The audience expression parser: precedence, values, errors with positions, limits, canonical format.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatExpression,
  locate,
  parseSegment,
  SegmentParseError,
  tryParseSegment,
  type SegmentNode,
} from "@/lib/segments";
import { segmentArbitrary } from "./segments-arbitrary";

const tag = (value: string): SegmentNode => ({ kind: "tag", value });

function errorOf(source: string) {
  const result = tryParseSegment(source);
  if (result.ok) throw new Error(`expected a parse error for ${source}`);
  return result.error;
}

describe("parseSegment", () => {
  it("parses the example from the issue", () => {
    const ast = parseSegment(
      "tag:vip and not tag:churned and (platform:android or platform:ios) and locale:zh* and appVersion>=5.2 and " +
        "lastActive>30d",
    );
    expect(ast).toEqual({
      kind: "and",
      children: [
        tag("vip"),
        { kind: "not", child: tag("churned") },
        {
          kind: "or",
          children: [
            { kind: "platform", value: "android" },
            { kind: "platform", value: "ios" },
          ],
        },
        { kind: "locale", value: "zh", prefix: true },
        { kind: "appVersion", op: ">=", version: "5.2" },
        { kind: "lastActive", op: ">", amount: 30, unit: "d" },
      ],
    });
  });

  it("binds not tighter than and, and tighter than or", () => {
    expect(parseSegment("tag:a or tag:b and not tag:c")).toEqual({
      kind: "or",
      children: [tag("a"), { kind: "and", children: [tag("b"), { kind: "not", child: tag("c") }] }],
    });
    expect(parseSegment("not tag:a and tag:b")).toEqual({
      kind: "and",
      children: [{ kind: "not", child: tag("a") }, tag("b")],
    });
    expect(parseSegment("(tag:a or tag:b) and tag:c")).toEqual({
      kind: "and",
      children: [{ kind: "or", children: [tag("a"), tag("b")] }, tag("c")],
    });
    expect(parseSegment("tag:a or tag:b or tag:c")).toEqual({ kind: "or", children: [tag("a"), tag("b"), tag("c")] });
  });

  it("reads any() and all() as n-ary or/and, keywords and fields in any case", () => {
    expect(parseSegment("ANY(tag:a, tag:b, Tag:C) AND All(platform:IOS, Channel:mqtt)")).toEqual({
      kind: "and",
      children: [
        { kind: "or", children: [tag("a"), tag("b"), tag("c")] },
        {
          kind: "and",
          children: [
            { kind: "platform", value: "ios" },
            { kind: "channel", value: "mqtt" },
          ],
        },
      ],
    });
    expect(parseSegment("any(tag:a)")).toEqual({ kind: "or", children: [tag("a")] });
  });

  it("reads quoted values, lower-cases and trims tags, keeps injection attempts as plain values", () => {
    expect(parseSegment('tag:"City:New York "')).toEqual(tag("city:new york"));
    expect(parseSegment('tag:"say \\"hi\\" \\\\ there"')).toEqual(tag('say "hi" \\ there'));
    expect(parseSegment(`tag:"x'); drop table \\"Device\\"; --"`)).toEqual(tag(`x'); drop table "device"; --`));
  });

  it("reads every field", () => {
    expect(parseSegment("timezone:America/*")).toEqual({ kind: "timezone", value: "America/", prefix: true });
    expect(parseSegment("timezone:Asia/Shanghai")).toEqual({ kind: "timezone", value: "Asia/Shanghai", prefix: false });
    expect(parseSegment("locale:zh-CN")).toEqual({ kind: "locale", value: "zh-cn", prefix: false });
    expect(parseSegment("appVersion:5.2.0")).toEqual({ kind: "appVersion", op: "=", version: "5.2.0" });
    expect(parseSegment("appVersion!=4")).toEqual({ kind: "appVersion", op: "!=", version: "4" });
    expect(parseSegment("createdAt<=90D")).toEqual({ kind: "createdAt", op: "<=", amount: 90, unit: "d" });
    expect(parseSegment("lastActive<15m")).toEqual({ kind: "lastActive", op: "<", amount: 15, unit: "m" });
    expect(parseSegment("test:TRUE")).toEqual({ kind: "test", value: true });
    expect(parseSegment("channel:hms")).toEqual({ kind: "channel", value: "hms" });
  });
});

describe("parse errors", () => {
  it("says where a value is missing", () => {
    expect(errorOf("tag:")).toEqual({
      message: 'Expected a value after "tag:" at column 5',
      position: 4,
      length: 1,
      expected: ["value"],
    });
    expect(errorOf("tag:   ").position).toBe(7);
    expect(errorOf('tag:"  "').message).toBe('Expected a value after "tag:" at column 5');
  });

  it("names positions 1-based, with the line when the expression has several", () => {
    // The composer's Chinese headline reads line and column from the same locate(); both count from 1.
    expect(errorOf("platform:android and colour:red").message).toBe('Unknown field "colour" at column 22');
    expect(errorOf("platform:android\n  and colour:red").message).toBe('Unknown field "colour" at line 2, column 7');
    expect(locate("platform:android\n  and colour:red", 23)).toEqual({ line: 2, column: 7, lineStart: 17 });
    expect(errorOf("tag:a !x").message).toBe('Unexpected "!" at column 7; did you mean "!=" or "not"?');
  });

  it("points at the offending token", () => {
    expect(errorOf("tag:a and")).toMatchObject({ position: 9, expected: expect.arrayContaining(["not", "("]) });
    expect(errorOf("tag:a tag:b")).toMatchObject({
      position: 6,
      length: 3,
      expected: ["and", "or", "end of expression"],
    });
    expect(errorOf("(tag:a or tag:b")).toMatchObject({ position: 15, expected: [")", "and", "or"] });
    expect(errorOf("tag:a )")).toMatchObject({ position: 6, message: 'Unmatched ")" at column 7' });
    expect(errorOf("colour:red")).toMatchObject({
      position: 0,
      length: 6,
      message: 'Unknown field "colour" at column 1',
    });
    expect(errorOf("platform:symbian")).toMatchObject({
      position: 9,
      length: 7,
      expected: ["android", "ios", "web", "harmony"],
    });
    expect(errorOf('tag:a and tag:"open')).toMatchObject({ position: 14, length: 5 });
    expect(errorOf("appVersion>=five")).toMatchObject({ position: 12, expected: ["version"] });
    expect(errorOf("lastActive:30d")).toMatchObject({ position: 10, expected: [">", ">=", "<", "<="] });
    expect(errorOf("lastActive>30y")).toMatchObject({ position: 11, expected: ["duration"] });
    expect(errorOf("tag>3")).toMatchObject({ position: 3, expected: [":"] });
    expect(errorOf("locale:z*h")).toMatchObject({ position: 7 });
    expect(errorOf("tag:a ! tag:b")).toMatchObject({ position: 6 });
    expect(errorOf("")).toMatchObject({ position: 0 });
    expect(errorOf("any()")).toMatchObject({ position: 4 });
  });

  it("throws SegmentParseError from parseSegment", () => {
    expect(() => parseSegment("tag:")).toThrow(SegmentParseError);
  });

  it("enforces the limits", () => {
    const long = `tag:${"x".repeat(4000)}`;
    expect(errorOf(long)).toMatchObject({ position: 4000, length: 4 });
    expect(tryParseSegment(`${"(".repeat(32)}tag:a${")".repeat(32)}`).ok).toBe(true);
    expect(errorOf(`${"(".repeat(33)}tag:a${")".repeat(33)}`)).toMatchObject({ position: 32 });
    expect(errorOf(`${"not ".repeat(33)}tag:a`).message).toContain("Nesting deeper than 32");
    const terms = (n: number) => Array.from({ length: n }, (_, i) => `tag:t${i}`).join(" or ");
    expect(tryParseSegment(terms(200)).ok).toBe(true);
    expect(errorOf(terms(201)).message).toContain("More than 200 conditions");
    expect(errorOf(`tag:"${"y".repeat(201)}"`).message).toContain("longer than 200");
    expect(errorOf("lastActive>999999w").message).toContain("100 years");
  });
});

describe("formatExpression", () => {
  it("writes canonical text", () => {
    expect(formatExpression(parseSegment('NOT (tag:a OR tag:b) and any(tag:"new york") or all(tag:and)'))).toBe(
      'not (tag:a or tag:b) and any(tag:"new york") or all(tag:"and")',
    );
    expect(formatExpression(parseSegment("(tag:a and tag:b) and tag:c"))).toBe("(tag:a and tag:b) and tag:c");
    expect(formatExpression(parseSegment('locale:ZH* and timezone:"America/*"'))).toBe(
      "locale:zh* and timezone:America/*",
    );
  });

  it("round-trips: parse(format(ast)) equals ast for random trees", () => {
    fc.assert(
      fc.property(segmentArbitrary, (ast) => {
        expect(parseSegment(formatExpression(ast))).toEqual(ast);
      }),
      { numRuns: 500 },
    );
  });
});
