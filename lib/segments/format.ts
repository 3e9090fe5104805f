// Canonical text of an audience expression (for the visual builder): parseSegment(formatExpression(ast))
// gives back the same tree for every tree the parser can produce.
import type { SegmentNode } from "./ast";
import { isBareWord } from "./lex";

// A value as written in an expression: bare when possible, else quoted with \" and \\ escaped.
function formatValue(value: string): string {
  const keyword = ["and", "or", "not", "any", "all"].includes(value.toLowerCase());
  return isBareWord(value) && !keyword ? value : `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

// Whether a node must be wrapped in parentheses when it appears inside `parent`.
function needsParens(node: SegmentNode, parent: "and" | "or" | "not"): boolean {
  if ((node.kind !== "and" && node.kind !== "or") || node.children.length < 2) return false;
  return parent === "not" || parent === "and" || node.kind === "or";
}

function wrap(node: SegmentNode, parent: "and" | "or" | "not"): string {
  const text = formatExpression(node);
  return needsParens(node, parent) ? `(${text})` : text;
}

// The canonical text of `node`.
export function formatExpression(node: SegmentNode): string {
  switch (node.kind) {
    case "and":
    case "or":
      if (node.children.length < 2)
        return `${node.kind === "and" ? "all" : "any"}(${node.children.map(formatExpression).join(", ")})`;
      return node.children.map((child) => wrap(child, node.kind)).join(` ${node.kind} `);
    case "not":
      return `not ${wrap(node.child, "not")}`;
    case "tag":
      return `tag:${formatValue(node.value)}`;
    case "platform":
    case "channel":
      return `${node.kind}:${node.value}`;
    case "test":
      return `test:${node.value}`;
    case "locale":
    case "timezone":
      return `${node.kind}:${node.prefix ? formatValue(`${node.value}*`) : formatValue(node.value)}`;
    case "appVersion":
      return `appVersion${node.op}${node.version}`;
    case "lastActive":
    case "createdAt":
      return `${node.kind}${node.op}${node.amount}${node.unit}`;
  }
}
