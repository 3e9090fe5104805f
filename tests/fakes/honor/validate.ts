// Checks an Honor Push sendMessage request as the fake's model of Honor: JSON with camelCase fields
// (a snake_case name such as click_action or bi_tag is refused, the trap between Honor's and
// Huawei's APIs), 1..1000 tokens, data a string, android.ttl "<seconds>s" up to 15 days,
// targetUserType 0|1, notification title and body, clickAction (type 1 intent or action, 2 https url,
// 3 app), importance LOW|NORMAL, and 4096 bytes without the tokens. Fields from go-multipush
// honor/types.go (after developer.honor.com/cn/docs/11002/reference/downlink-message); the codes
// are Huawei's where Honor's are unpublished [unconfirmed].

// A problem the fake answers with `code` and `message`.
export interface HonorProblem {
  code: number;
  message: string;
}

const messageFields = new Set(["data", "notification", "android", "token"]);
const androidFields = new Set(["ttl", "biTag", "notification", "targetUserType", "data"]);
const notificationFields = new Set([
  "title",
  "body",
  "image",
  "clickAction",
  "importance",
  "notifyId",
  "style",
  "bigTitle",
  "bigBody",
  "badge",
  "tag",
  "group",
  "buttons",
  "when",
  "useDefaultVibrate",
  "useDefaultLight",
  "visibility",
  "foregroundShow",
]);
export const maxTokens = 1000;
export const maxBodyBytes = 4096;
const maxTtlSeconds = 1_296_000;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const invalid = (message: string): HonorProblem => ({ code: 80100003, message });

function unknownField(object: Record<string, unknown>, known: Set<string>, path: string): HonorProblem | null {
  for (const key of Object.keys(object)) if (!known.has(key)) return invalid(`unknown field ${path}.${key}`);
  return null;
}

function checkNotification(notification: unknown): HonorProblem | null {
  if (!isObject(notification)) return invalid("android.notification is required");
  const unknown = unknownField(notification, notificationFields, "android.notification");
  if (unknown) return unknown;
  if (typeof notification.title !== "string" || !notification.title) return invalid("title is required");
  if (typeof notification.body !== "string" || !notification.body) return invalid("body is required");
  const click = notification.clickAction;
  if (!isObject(click) || ![1, 2, 3].includes(click.type as number))
    return invalid("clickAction.type must be 1, 2 or 3");
  if (click.type === 1 && typeof click.intent !== "string" && typeof click.action !== "string")
    return invalid("clickAction type 1 needs intent or action");
  if (click.type === 2 && (typeof click.url !== "string" || !click.url.startsWith("https://")))
    return invalid("clickAction type 2 needs an https url");
  if (notification.importance !== undefined && !["LOW", "NORMAL"].includes(String(notification.importance)))
    return invalid("importance must be LOW or NORMAL");
  return null;
}

// The problem with a parsed request body, or null when the fake accepts it.
export function validateHonorRequest(body: unknown): HonorProblem | null {
  if (!isObject(body)) return invalid("request body must be a JSON object");
  const unknown = unknownField(body, messageFields, "message");
  if (unknown) return unknown;
  const tokens = body.token;
  if (!Array.isArray(tokens) || !tokens.length || !tokens.every((t) => typeof t === "string" && t))
    return invalid("token must be a non-empty array of strings");
  if (tokens.length > maxTokens) return { code: 80300010, message: "too many tokens" };
  if (body.data !== undefined && typeof body.data !== "string") return invalid("data must be a string");
  const android = body.android;
  if (!isObject(android)) return invalid("android is required");
  const unknownAndroid = unknownField(android, androidFields, "android");
  if (unknownAndroid) return unknownAndroid;
  if (android.ttl !== undefined) {
    const ttl = typeof android.ttl === "string" ? /^(\d+)s$/.exec(android.ttl) : null;
    if (!ttl || Number(ttl[1]) > maxTtlSeconds) return invalid('ttl must be "<seconds>s" up to 1296000s');
  }
  if (android.targetUserType !== undefined && ![0, 1].includes(android.targetUserType as number))
    return invalid("targetUserType must be 0 or 1");
  if (android.biTag !== undefined && typeof android.biTag !== "string") return invalid("biTag must be a string");
  const problem = checkNotification(android.notification);
  if (problem) return problem;
  if (Buffer.byteLength(JSON.stringify({ ...body, token: undefined })) > maxBodyBytes)
    return { code: 80300008, message: "message body too large" };
  return null;
}
