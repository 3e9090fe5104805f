// The audience expression language: parse, format, evaluate (isomorphic; no server imports).
export * from "./ast";
export { locate, positionText, SegmentParseError, type SegmentParseIssue } from "./errors";
export { formatExpression } from "./format";
export { evaluateSegment } from "./evaluate";
export { parseSegment, tryParseSegment } from "./parse";
