// Validation of an FCM v1 `messages:send` request body as Google's front end does it: proto3 JSON
// (field names in lowerCamel or snake_case, unknown names refused, typed values), exactly one target,
// TTL and header rules, and the 4096-byte payload limit. Returns the first problem, like FCM.

type Check =
  "string" | "bool" | "int" | "number" | "duration" | "stringMap" | "struct" | "stringList" | "timestamp" | Spec;
interface Spec {
  [field: string]: Check;
}

const androidNotification: Spec = {
  title: "string",
  body: "string",
  icon: "string",
  color: "string",
  sound: "string",
  tag: "string",
  clickAction: "string",
  bodyLocKey: "string",
  bodyLocArgs: "stringList",
  titleLocKey: "string",
  titleLocArgs: "stringList",
  channelId: "string",
  ticker: "string",
  sticky: "bool",
  eventTime: "timestamp",
  localOnly: "bool",
  notificationPriority: "string",
  defaultSound: "bool",
  defaultVibrateTimings: "bool",
  defaultLightSettings: "bool",
  vibrateTimings: "stringList",
  visibility: "string",
  notificationCount: "int",
  lightSettings: "struct",
  image: "string",
  bypassProxyNotification: "bool",
  proxy: "string",
};
const messageSpec: Spec = {
  name: "string",
  data: "stringMap",
  token: "string",
  topic: "string",
  condition: "string",
  notification: { title: "string", body: "string", image: "string" },
  android: {
    collapseKey: "string",
    priority: "string",
    ttl: "duration",
    restrictedPackageName: "string",
    data: "stringMap",
    notification: androidNotification,
    fcmOptions: { analyticsLabel: "string" },
    directBootOk: "bool",
    bandwidthConstrainedOk: "bool",
    restrictedSatelliteOk: "bool",
  },
  webpush: {
    headers: "stringMap",
    data: "stringMap",
    notification: "struct",
    fcmOptions: { link: "string", analyticsLabel: "string" },
  },
  apns: {
    headers: "stringMap",
    payload: "struct",
    fcmOptions: { analyticsLabel: "string", image: "string" },
    liveActivityToken: "string",
  },
  fcmOptions: { analyticsLabel: "string" },
};

// One problem with a request: the field path and Google-style description.
export interface RequestProblem {
  field: string;
  description: string;
  // True when the problem is the registration token itself (FCM answers the token error then).
  token?: boolean;
}

const camel = (name: string) => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

// A spec with every field under both of its JSON names, looked up without rewriting names per
// request (the fake validates every message of every benchmark, so its cost is in every figure).
const compiled = new WeakMap<Spec, Map<string, Check>>();
function lookup(spec: Spec, key: string): Check | undefined {
  let names = compiled.get(spec);
  if (!names) {
    names = new Map();
    for (const [name, check] of Object.entries(spec)) names.set(name, check).set(snake(name), check);
    compiled.set(spec, names);
  }
  return names.get(key);
}
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const invalid = (path: string, type: string, value: unknown): RequestProblem => ({
  field: path,
  description: `Invalid value at '${path}' (${type}), ${JSON.stringify(value)}`,
});

function checkValue(check: Check, value: unknown, path: string): RequestProblem | null {
  if (typeof check === "object") return checkObject(check, value, path);
  switch (check) {
    case "string":
      return typeof value === "string" ? null : invalid(path, "TYPE_STRING", value);
    case "bool":
      return typeof value === "boolean" ? null : invalid(path, "TYPE_BOOL", value);
    case "int":
      return Number.isInteger(value) ? null : invalid(path, "TYPE_INT32", value);
    case "number":
      return typeof value === "number" ? null : invalid(path, "TYPE_DOUBLE", value);
    case "duration":
      return typeof value === "string" && /^\d+(\.\d{1,9})?s$/.test(value)
        ? null
        : invalid(path, "type.googleapis.com/google.protobuf.Duration", value);
    case "timestamp":
      return typeof value === "string" && !Number.isNaN(Date.parse(value))
        ? null
        : invalid(path, "type.googleapis.com/google.protobuf.Timestamp", value);
    case "struct":
      return isObject(value) ? null : invalid(path, "type.googleapis.com/google.protobuf.Struct", value);
    case "stringList":
      return Array.isArray(value) && value.every((item) => typeof item === "string")
        ? null
        : invalid(path, "TYPE_STRING", value);
    case "stringMap":
      if (!isObject(value)) return invalid(path, "TYPE_MESSAGE", value);
      for (const key in value)
        if (typeof value[key] !== "string") return invalid(`${path}[${key}]`, "TYPE_STRING", value[key]);
      return null;
  }
}

function checkObject(spec: Spec, value: unknown, path: string): RequestProblem | null {
  if (!isObject(value)) return invalid(path, "TYPE_MESSAGE", value);
  for (const key in value) {
    const item = value[key];
    const check = lookup(spec, key);
    if (!check)
      return {
        field: path,
        description: `Invalid JSON payload received. Unknown name "${key}" at '${path}': Cannot find field.`,
      };
    if (item === null) continue;
    const problem = checkValue(check, item, `${path}.${key}`);
    if (problem) return problem;
  }
  return null;
}

const snakeNames = new Map<string, string>();

// Reads a proto field under either of its JSON names.
export function field(object: unknown, name: string): unknown {
  if (!isObject(object)) return undefined;
  if (name in object) return object[name];
  let other = snakeNames.get(name);
  if (other === undefined) snakeNames.set(name, (other = snake(name)));
  return object[other];
}

const reservedDataKeys = new Set(["from", "notification", "message_type"]);
const maxTtlSeconds = 2_419_200;
export const maxPayloadBytes = 4096;

// The bytes FCM counts against the payload limit: the notification and the data.
export function payloadBytes(message: unknown): number {
  return Buffer.byteLength(
    JSON.stringify({ notification: field(message, "notification"), data: field(message, "data") }),
  );
}

function semanticProblem(message: Record<string, unknown>, bodyBytes: number | undefined): RequestProblem | null {
  const targets = ["token", "topic", "condition"].filter(
    (name) => typeof message[name] === "string" && message[name] !== "",
  );
  if (targets.length !== 1)
    return { field: "message", description: "Exactly one of token, topic or condition must be set." };
  const token = message.token;
  if (typeof token === "string" && !/^[A-Za-z0-9_:.\-]{1,4096}$/.test(token)) {
    return {
      field: "message.token",
      description: "The registration token is not a valid FCM registration token",
      token: true,
    };
  }
  const data = field(message, "data");
  for (const key of isObject(data) ? Object.keys(data) : []) {
    if (reservedDataKeys.has(key) || /^(google|gcm)/i.test(key))
      return { field: "message.data", description: `Invalid data payload key: ${key}` };
  }
  const android = field(message, "android");
  const priority = field(android, "priority");
  if (typeof priority === "string" && !/^(normal|high)$/i.test(priority))
    return invalid(
      "message.android.priority",
      "type.googleapis.com/google.firebase.fcm.v1.AndroidMessagePriority",
      priority,
    );
  const ttl = field(android, "ttl");
  if (typeof ttl === "string" && Number.parseFloat(ttl) > maxTtlSeconds)
    return { field: "message.android.ttl", description: `TTL must be at most ${maxTtlSeconds} seconds.` };
  const apnsHeaders = field(field(message, "apns"), "headers");
  if (isObject(apnsHeaders)) {
    const apnsPriority = apnsHeaders["apns-priority"];
    if (apnsPriority !== undefined && !["1", "5", "10"].includes(String(apnsPriority)))
      return { field: "message.apns.headers", description: "Invalid APNs priority." };
    const collapseId = apnsHeaders["apns-collapse-id"];
    if (typeof collapseId === "string" && Buffer.byteLength(collapseId) > 64)
      return { field: "message.apns.headers", description: "apns-collapse-id must be at most 64 bytes." };
  }
  const link = field(field(field(message, "webpush"), "fcmOptions"), "link");
  if (typeof link === "string" && !link.startsWith("https://"))
    return { field: "message.webpush.fcm_options.link", description: "The link must use HTTPS." };
  // The notification and data are part of the body: a body within the limit cannot exceed it.
  if ((bodyBytes === undefined || bodyBytes > maxPayloadBytes) && payloadBytes(message) > maxPayloadBytes)
    return {
      field: "message",
      description: `Message payload size limit exceeded: more than ${maxPayloadBytes} bytes.`,
    };
  return null;
}

// Checks a parsed request body (`bodyBytes`: its size as received, when known); null when FCM would accept it.
export function validateSendRequest(body: unknown, bodyBytes?: number): RequestProblem | null {
  if (!isObject(body)) return invalid("", "TYPE_MESSAGE", body);
  for (const key of Object.keys(body)) {
    if (key !== "message" && camel(key) !== "validateOnly")
      return { field: "", description: `Invalid JSON payload received. Unknown name "${key}": Cannot find field.` };
  }
  const message = body.message;
  if (!isObject(message)) return { field: "message", description: "Request contains an invalid argument." };
  return checkObject(messageSpec, message, "message") ?? semanticProblem(message, bodyBytes);
}
