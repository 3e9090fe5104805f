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

// The serialisable form of a SegmentParseError.
export interface SegmentParseIssue {
  message: string;
  position: number;
  length: number;
  expected: string[];
}
