// Parser for the audience expression language used to target campaigns.
//
//   tag:vip and not tag:churned and (platform:android or platform:ios) and locale:zh* and appVersion>=5.2
//     and lastActive>30d
//
// Grammar (keywords and field names are case-insensitive; whitespace is free):
//   expression := and-expr ("or" and-expr)*            precedence: not > and > or
//   and-expr   := unary ("and" unary)*
//   unary      := "not" unary | "(" expression ")" | ("any" | "all") "(" expression ("," expression)* ")" | term
//   term       := field ":" value | field operator value       operator: = != > >= < <=
//   value      := bare word (letters, digits and - _ . / * + @ # ...) | "quoted \"text\""
// any(a, b, ...) is an n-ary or, all(a, b, ...) an n-ary and; `a or b or c` is one n-ary or node.
//
// Fields:
//   tag:vip, tag:"city:new york"    device has the tag (tags are stored trimmed and lower-case; the value is
//                                   trimmed and lower-cased too)
//   platform:android                android | ios | web | harmony
//   channel:mqtt                    has an active address on: fcm | apns | webpush | hms | honor | xiaomi |
//                                   oppo | vivo | jpush | mqtt | poll | sms | xmpp
//   locale:zh-CN, locale:zh*        exact (case-insensitive, A-Z folded) or prefix with a trailing *: zh* matches
//                                   zh, zh-CN, zh-TW
//   timezone:Asia/Shanghai, timezone:America/*   exact (case-sensitive, IANA names) or prefix with a trailing *
//   appVersion>=5.2                 = != > >= < <= (":" means "="); dotted numeric order: 5.10 > 5.2, 5.2 = 5.2.0;
//                                   a device's version counts by its leading dotted digits ("5.2-beta" is 5.2);
//                                   missing or unparseable versions ("beta", null) never match any comparison,
//                                   != included
//   lastActive>30d                  dormant: last active more than 30 days before now (>= for "at least")
//   lastActive<7d                   active within the last 7 days (<= includes the boundary instant)
//   createdAt<90d, createdAt>1w     registered within the last 90 days / more than a week ago
//                                   durations: a whole number and a unit m (minutes), h, d, w; at most 100 years
//   test:true, test:false           test devices only / real devices only
//
// Limits: at most 4,000 characters, nesting (parentheses, any/all, not) at most 32 deep, at most 200 terms,
// values at most 200 characters. Errors are SegmentParseError with a 0-based position, a length and the
// list of what was expected there, e.g. `Expected a value after "tag:" at 4`.
import {
  COMPARISON_OPERATORS,
  foldAscii,
  DURATION_UNITS,
  SEGMENT_CHANNELS,
  SEGMENT_LIMITS,
  SEGMENT_PLATFORMS,
  UNIT_MS,
  type DurationOperator,
  type DurationUnit,
  type SegmentNode,
} from "./ast";
import { positionText, SegmentParseError, type SegmentParseIssue } from "./errors";
import { tokenize, type Token } from "./lex";

const FIELDS = [
  "tag",
  "platform",
  "channel",
  "locale",
  "timezone",
  "appVersion",
  "lastActive",
  "createdAt",
  "test",
] as const;
type Field = (typeof FIELDS)[number];
const FIELD_BY_LOWER = new Map<string, Field>(FIELDS.map((f) => [f.toLowerCase(), f]));
const START_EXPECTED = [
  "field (tag, platform, channel, locale, timezone, appVersion, lastActive, createdAt, test)",
  "not",
  "(",
  "any(",
  "all(",
];

const describe = (token: Token) =>
  token.type === "eof" ? "the end of the expression" : `"${token.type === "string" ? `"${token.text}"` : token.text}"`;

class Parser {
  private index = 0;
  private terms = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  private at(position: number): string {
    return positionText(this.source, position);
  }

  private get token(): Token {
    return this.tokens[this.index];
  }

  private isKeyword(word: string, token = this.token): boolean {
    return token.type === "word" && token.text.toLowerCase() === word;
  }

  private fail(message: string, token: Token, expected: string[], hint = ""): never {
    throw new SegmentParseError(
      `${message} at ${this.at(token.position)}${hint}`,
      token.position,
      Math.max(token.length, 1),
      expected,
    );
  }

  parseAll(): SegmentNode {
    const node = this.parseOr(0);
    if (this.token.type !== "eof") {
      const expected = ["and", "or", "end of expression"];
      this.fail(
        this.token.type === "rparen"
          ? `Unmatched ")"`
          : `Expected "and", "or" or the end of the expression, found ${describe(this.token)}`,
        this.token,
        expected,
      );
    }
    return node;
  }

  private parseOr(depth: number): SegmentNode {
    return this.parseJoined("or", depth, (d) => this.parseAnd(d));
  }

  private parseAnd(depth: number): SegmentNode {
    return this.parseJoined("and", depth, (d) => this.parseUnary(d));
  }

  // Operands joined by one keyword ("a or b or c"); a single operand stands for itself.
  private parseJoined(kind: "and" | "or", depth: number, operand: (depth: number) => SegmentNode): SegmentNode {
    const children = [operand(depth)];
    while (this.isKeyword(kind)) {
      this.index++;
      children.push(operand(depth));
    }
    return children.length === 1 ? children[0] : { kind, children };
  }

  private enter(depth: number, token: Token): number {
    if (depth + 1 > SEGMENT_LIMITS.maxDepth)
      this.fail(`Nesting deeper than ${SEGMENT_LIMITS.maxDepth} levels`, token, []);
    return depth + 1;
  }

  private expectClose(open: Token, expected: string[]): void {
    if (this.token.type !== "rparen")
      this.fail(
        `Expected ${expected.map((e) => `"${e}"`).join(" or ")} to close "(" opened at ${this.at(open.position)}, ` +
          `found ${describe(this.token)}`,
        this.token,
        expected,
      );
    this.index++;
  }

  private parseUnary(depth: number): SegmentNode {
    const token = this.token;
    if (this.isKeyword("not")) {
      this.index++;
      return { kind: "not", child: this.parseUnary(this.enter(depth, token)) };
    }
    if (token.type === "lparen") {
      this.index++;
      const inner = this.parseOr(this.enter(depth, token));
      this.expectClose(token, [")", "and", "or"]);
      return inner;
    }
    const next = this.tokens[this.index + 1];
    if ((this.isKeyword("any") || this.isKeyword("all")) && next.type === "lparen") {
      this.index += 2;
      const inner = this.enter(depth, token);
      const children = [this.parseOr(inner)];
      while (this.token.type === "comma") {
        this.index++;
        children.push(this.parseOr(inner));
      }
      this.expectClose(next, [")", ",", "and", "or"]);
      return { kind: token.text.toLowerCase() === "any" ? "or" : "and", children };
    }
    return this.parseTerm();
  }

  private parseTerm(): SegmentNode {
    const token = this.token;
    if (token.type !== "word") this.fail(`Expected a condition, found ${describe(token)}`, token, START_EXPECTED);
    const field = FIELD_BY_LOWER.get(token.text.toLowerCase());
    if (!field) this.fail(`Unknown field "${token.text}"`, token, START_EXPECTED);
    if (++this.terms > SEGMENT_LIMITS.maxTerms) this.fail(`More than ${SEGMENT_LIMITS.maxTerms} conditions`, token, []);
    this.index++;
    const operator = this.token;
    const comparable = field === "appVersion" || field === "lastActive" || field === "createdAt";
    const allowed =
      field === "appVersion" ? [":", ...COMPARISON_OPERATORS] : comparable ? [">", ">=", "<", "<="] : [":"];
    const text = operator.type === "colon" ? ":" : operator.type === "op" ? operator.text : null;
    if (text === null || !allowed.includes(text))
      this.fail(
        `Expected ${allowed.map((a) => `"${a}"`).join(", ")} after "${field}", found ${describe(operator)}`,
        operator,
        allowed,
      );
    this.index++;
    const valueToken = this.token;
    if (valueToken.type !== "word" && valueToken.type !== "string")
      this.fail(`Expected a value after "${field}${text}"`, valueToken, ["value"]);
    if (valueToken.text.length > SEGMENT_LIMITS.maxValueLength)
      this.fail(`Value longer than ${SEGMENT_LIMITS.maxValueLength} characters`, valueToken, []);
    this.index++;
    return this.buildTerm(field, text, valueToken);
  }

  private buildTerm(field: Field, op: string, token: Token): SegmentNode {
    const raw = token.text;
    const choose = <T extends string>(options: readonly T[]): T => {
      const found = options.find((o) => o === raw.toLowerCase());
      if (!found)
        this.fail(`Unknown ${field} "${raw}"`, token, [...options], `; expected one of ${options.join(", ")}`);
      return found;
    };
    switch (field) {
      case "tag": {
        const value = raw.trim().toLowerCase();
        if (!value) this.fail(`Expected a value after "tag:"`, token, ["value"]);
        return { kind: "tag", value };
      }
      case "platform":
        return { kind: "platform", value: choose(SEGMENT_PLATFORMS) };
      case "channel":
        return { kind: "channel", value: choose(SEGMENT_CHANNELS) };
      case "test":
        return { kind: "test", value: choose(["true", "false"]) === "true" };
      case "locale":
      case "timezone": {
        const prefix = raw.endsWith("*");
        const bare = prefix ? raw.slice(0, -1) : raw;
        const value = field === "locale" ? foldAscii(bare) : bare;
        if (!value || value.includes("*"))
          this.fail(`Expected a ${field}, optionally ending with * for a prefix`, token, ["value"]);
        return { kind: field, value, prefix };
      }
      case "appVersion": {
        if (!/^[0-9]+(\.[0-9]+)*$/.test(raw))
          this.fail(`Expected a version such as 5.2 or 10.0.3, found "${raw}"`, token, ["version"]);
        return { kind: "appVersion", op: op === ":" ? "=" : (op as "="), version: raw };
      }
      case "lastActive":
      case "createdAt": {
        const match = /^([0-9]{1,9})([a-zA-Z])$/.exec(raw);
        const unit = match?.[2].toLowerCase() as DurationUnit | undefined;
        if (!match || !unit || !DURATION_UNITS.includes(unit))
          this.fail(`Expected a duration such as 30d (units m, h, d, w), found "${raw}"`, token, ["duration"]);
        const amount = Number(match[1]);
        if (amount * UNIT_MS[unit] > SEGMENT_LIMITS.maxDurationMs)
          this.fail(`Duration "${raw}" is longer than 100 years`, token, ["duration"]);
        return { kind: field, op: op as DurationOperator, amount, unit };
      }
    }
  }
}

// Parses an audience expression; throws SegmentParseError when it is malformed.
export function parseSegment(source: string): SegmentNode {
  if (source.length > SEGMENT_LIMITS.maxLength) {
    throw new SegmentParseError(
      `Expression longer than ${SEGMENT_LIMITS.maxLength} characters at ` +
        positionText(source, SEGMENT_LIMITS.maxLength),
      SEGMENT_LIMITS.maxLength,
      source.length - SEGMENT_LIMITS.maxLength,
      [],
    );
  }
  const tokens = tokenize(source);
  if (tokens[0].type === "eof") throw new SegmentParseError("Expected a condition at column 1", 0, 0, START_EXPECTED);
  return new Parser(tokens, source).parseAll();
}

// The same as parseSegment, as a result value (for live validation in the editor).
export function tryParseSegment(
  source: string,
): { ok: true; ast: SegmentNode } | { ok: false; error: SegmentParseIssue } {
  try {
    return { ok: true, ast: parseSegment(source) };
  } catch (error) {
    if (error instanceof SegmentParseError) return { ok: false, error: error.toJSON() };
    throw error;
  }
}
