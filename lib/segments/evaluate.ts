// In-memory evaluation of an audience expression against one device (previews, tests; the database
// uses server/segments/compile.ts, which must agree with this exactly).
import {
  compareVersionParts,
  durationThreshold,
  foldAscii,
  satisfies,
  versionParts,
  type SegmentDevice,
  type SegmentNode,
} from "./ast";

// Whether a device's time field satisfies a duration condition (`>30d`: older than 30 days before now).
function durationMatches(at: Date, op: ">" | ">=" | "<" | "<=", threshold: Date): boolean {
  const t = at.getTime();
  const limit = threshold.getTime();
  switch (op) {
    case ">":
      return t < limit;
    case ">=":
      return t <= limit;
    case "<":
      return t > limit;
    case "<=":
      return t >= limit;
  }
}

// Whether `device` is in the audience `node` describes, as of `now`.
export function evaluateSegment(node: SegmentNode, device: SegmentDevice, now: Date): boolean {
  switch (node.kind) {
    case "and":
      return node.children.every((child) => evaluateSegment(child, device, now));
    case "or":
      return node.children.some((child) => evaluateSegment(child, device, now));
    case "not":
      return !evaluateSegment(node.child, device, now);
    case "tag":
      return (device.tags ?? []).includes(node.value);
    case "platform":
      return device.platform === node.value;
    case "channel":
      return device.channels.includes(node.value);
    case "test":
      return device.isTest === node.value;
    case "locale": {
      if (device.locale === null) return false;
      const locale = foldAscii(device.locale);
      return node.prefix ? locale.startsWith(node.value) : locale === node.value;
    }
    case "timezone": {
      if (device.timezone === null) return false;
      return node.prefix ? device.timezone.startsWith(node.value) : device.timezone === node.value;
    }
    case "appVersion": {
      const actual = versionParts(device.appVersion);
      const wanted = versionParts(node.version);
      return actual !== null && wanted !== null && satisfies(node.op, compareVersionParts(actual, wanted));
    }
    case "lastActive":
      return durationMatches(device.lastActiveAt, node.op, durationThreshold(now, node.amount, node.unit));
    case "createdAt":
      return durationMatches(device.createdAt, node.op, durationThreshold(now, node.amount, node.unit));
  }
}
