// The structured error a malformed audience expression produces (shown under the expression editor).

// Where and why parsing failed: `position` is a 0-based offset into the expression, `length` the span
// to underline, `expected` what would have been accepted there.
export class SegmentParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly length: number,
    readonly expected: string[] = [],
  ) {
    super(message);
    this.name = "SegmentParseError";
  }

  // A plain object for JSON responses and client state.
  toJSON(): SegmentParseIssue {
    return { message: this.message, position: this.position, length: this.length, expected: this.expected };
  }
}

// Line (1-based), column (1-based) and where the line starts, for a 0-based offset into `source`. Every
// message that names a position uses these (1-based, as editors count), in every language.
export function locate(source: string, position: number): { line: number; column: number; lineStart: number } {
  const before = source.slice(0, position);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: position - lineStart + 1, lineStart };
}

// "column 33" for a one-line expression, "line 2, column 5" for a longer one (English parser messages).
export function positionText(source: string, position: number): string {
  const { line, column } = locate(source, position);
  return source.includes("\n") ? `line ${line}, column ${column}` : `column ${column}`;
}

// The serialisable form of a SegmentParseError.
export interface SegmentParseIssue {
  message: string;
  position: number;
  length: number;
  expected: string[];
}
