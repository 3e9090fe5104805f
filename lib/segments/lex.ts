// Splits an audience expression into tokens, each with its 0-based offset and length.
import { positionText, SegmentParseError } from "./errors";

export type TokenType = "word" | "string" | "lparen" | "rparen" | "comma" | "colon" | "op" | "eof";

export interface Token {
  type: TokenType;
  // The token's value: a word as written, a quoted string unescaped, an operator.
  text: string;
  position: number;
  length: number;
}

// Characters that end a bare word; anything else (letters, digits, - _ . / * + @ # ...) belongs to it.
const WORD_BREAK = /[\s()",:<>=!]/;

// Whether a value can be written without quotes (the formatter quotes everything else).
export function isBareWord(value: string): boolean {
  return value.length > 0 && ![...value].some((c) => WORD_BREAK.test(c));
}

// Tokenizes the whole expression; throws SegmentParseError on an unterminated string or a stray character.
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const single: Partial<Record<string, TokenType>> = { "(": "lparen", ")": "rparen", ",": "comma", ":": "colon" };
    const type = single[c];
    if (type) {
      tokens.push({ type, text: c, position: i, length: 1 });
      i++;
    } else if (c === "<" || c === ">" || c === "=" || c === "!") {
      const two = source.slice(i, i + 2);
      const text = two === "<=" || two === ">=" || two === "!=" ? two : c;
      if (text === "!")
        throw new SegmentParseError(`Unexpected "!" at ${positionText(source, i)}; did you mean "!=" or "not"?`, i, 1, [
          "!=",
        ]);
      tokens.push({ type: "op", text, position: i, length: text.length });
      i += text.length;
    } else if (c === '"') {
      let value = "";
      let j = i + 1;
      for (; j < source.length && source[j] !== '"'; j++) {
        if (source[j] === "\\" && j + 1 < source.length) j++;
        value += source[j];
      }
      if (j >= source.length)
        throw new SegmentParseError(
          `Unterminated quoted value starting at ${positionText(source, i)}`,
          i,
          source.length - i,
          ['"'],
        );
      tokens.push({ type: "string", text: value, position: i, length: j + 1 - i });
      i = j + 1;
    } else {
      let j = i;
      while (j < source.length && !WORD_BREAK.test(source[j])) j++;
      tokens.push({ type: "word", text: source.slice(i, j), position: i, length: j - i });
      i = j;
    }
  }
  tokens.push({ type: "eof", text: "", position: source.length, length: 0 });
  return tokens;
}
