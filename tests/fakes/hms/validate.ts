// Checks a Huawei Push Kit v1 send request as Huawei does, answering the business code it would:
// JSON body with snake_case fields (a camelCase name such as clickAction is refused, the trap
// between Huawei's and Honor's APIs), exactly one target, 1..1000 tokens (80300010), data a string,
// android.ttl "<seconds>s" up to 1296000s, category from Huawei's list, notification title, body and
// click_action (type 1 needs intent or action, type 2 an https url), importance LOW|NORMAL,
// collapse_key -1..100 (80100013), and 4096 bytes without the tokens (80300008).
// Source: HMSCore-References https-send-api-0000001050986197.

// A problem Huawei would answer with `code` and `msg`.
export interface HmsProblem {
  code: string;
  msg: string;
}

const categories = new Set([
  "IM",
  "VOIP",
  "SUBSCRIPTION",
  "TRAVEL",
  "HEALTH",
  "WORK",
  "ACCOUNT",
  "EXPRESS",
  "FINANCE",
  "DEVICE_REMINDER",
  "SYSTEM_REMINDER",
  "MAIL",
  "PLAY_VOICE",
  "MARKETING",
]);
const messageFields = new Set(["data", "notification", "android", "apns", "webpush", "token", "topic", "condition"]);
const androidFields = new Set([
  "collapse_key",
  "urgency",
  "category",
  "ttl",
  "bi_tag",
  "receipt_id",
  "fast_app_target",
  "data",
  "notification",
  "target_user_type",
]);
const notificationFields = new Set([
  "title",
  "body",
  "icon",
  "color",
  "sound",
  "default_sound",
  "tag",
  "click_action",
  "body_loc_key",
  "body_loc_args",
  "title_loc_key",
  "title_loc_args",
  "multi_lang_key",
  "channel_id",
  "notify_summary",
  "image",
  "style",
  "big_title",
  "big_body",
  "auto_clear",
  "notify_id",
  "group",
  "badge",
  "ticker",
  "when",
  "importance",
  "use_default_vibrate",
  "use_default_light",
  "vibrate_config",
  "visibility",
  "light_settings",
  "foreground_show",
  "profile_id",
  "inbox_content",
  "buttons",
]);
export const maxTokens = 1000;
export const maxBodyBytes = 4096;
export const maxTtlSeconds = 1_296_000;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const structure = (msg: string): HmsProblem => ({ code: "80100003", msg });
const parameter = (msg: string): HmsProblem => ({ code: "80100001", msg });

function unknownField(object: Record<string, unknown>, known: Set<string>, path: string): HmsProblem | null {
  for (const key of Object.keys(object)) if (!known.has(key)) return structure(`Unknown field ${path}.${key}`);
  return null;
}

function checkNotification(notification: unknown, top: unknown): HmsProblem | null {
  if (!isObject(notification)) return structure("android.notification is required for a notification message");
  const unknown = unknownField(notification, notificationFields, "android.notification");
  if (unknown) return unknown;
  const title = notification.title ?? (isObject(top) ? top.title : undefined);
  const body = notification.body ?? (isObject(top) ? top.body : undefined);
  if (typeof title !== "string" || !title) return parameter("notification title is required");
  if (typeof body !== "string" || !body) return parameter("notification body is required");
  const click = notification.click_action;
  if (!isObject(click)) return parameter("android.notification.click_action is required");
  if (click.type === 1 && typeof click.intent !== "string" && typeof click.action !== "string")
    return parameter("click_action type 1 needs intent or action");
  if (click.type === 2 && (typeof click.url !== "string" || !click.url.startsWith("https://")))
    return parameter("click_action type 2 needs an https url");
  if (![1, 2, 3, 4].includes(click.type as number)) return parameter("click_action.type must be 1, 2, 3 or 4");
  if (notification.importance !== undefined && !["LOW", "NORMAL"].includes(String(notification.importance)))
    return parameter("importance must be LOW or NORMAL");
  if (typeof notification.image === "string" && !notification.image.startsWith("https://"))
    return parameter("image must be an https URL");
  return null;
}

function checkAndroid(android: Record<string, unknown>, top: unknown): HmsProblem | null {
  const unknown = unknownField(android, androidFields, "android");
  if (unknown) return unknown;
  if (android.ttl !== undefined) {
    const ttl = typeof android.ttl === "string" ? /^(\d+)(\.\d{1,9})?s$/.exec(android.ttl) : null;
    if (!ttl || Number(ttl[1]) > maxTtlSeconds) return { code: "80100004", msg: "ttl is invalid" };
  }
  if (android.category !== undefined && !categories.has(String(android.category)))
    return parameter(`category ${String(android.category)} is not supported`);
  const collapse = android.collapse_key;
  if (
    collapse !== undefined &&
    (!Number.isInteger(collapse) || (collapse as number) < -1 || (collapse as number) > 100)
  )
    return { code: "80100013", msg: "collapse_key is invalid" };
  if (android.urgency !== undefined && !["HIGH", "NORMAL"].includes(String(android.urgency)))
    return parameter("urgency must be HIGH or NORMAL");
  if (android.target_user_type !== undefined && ![0, 1].includes(android.target_user_type as number))
    return parameter("target_user_type must be 0 or 1");
  for (const name of ["bi_tag", "receipt_id", "data"])
    if (android[name] !== undefined && typeof android[name] !== "string")
      return parameter(`android.${name} must be a string`);
  return checkNotification(android.notification, top);
}

// The problem with a parsed request body, or null when Huawei would accept it.
export function validateHmsRequest(body: unknown): HmsProblem | null {
  if (!isObject(body)) return structure("request body must be a JSON object");
  for (const key of Object.keys(body))
    if (!["validate_only", "message", "review"].includes(key)) return structure(`Unknown field ${key}`);
  if (body.validate_only !== undefined && typeof body.validate_only !== "boolean")
    return parameter("validate_only must be a boolean");
  const message = body.message;
  if (!isObject(message)) return structure("message is required");
  const unknown = unknownField(message, messageFields, "message");
  if (unknown) return unknown;
  const targets = ["token", "topic", "condition"].filter((name) => message[name] !== undefined);
  if (targets.length !== 1) return parameter("exactly one of token, topic or condition must be set");
  const tokens = message.token;
  if (tokens !== undefined) {
    if (!Array.isArray(tokens) || !tokens.length || !tokens.every((t) => typeof t === "string" && t))
      return parameter("token must be a non-empty array of strings");
    if (tokens.length > maxTokens) return { code: "80300010", msg: "The number of tokens exceeds the limit" };
  }
  if (message.data !== undefined && typeof message.data !== "string") return parameter("data must be a string");
  if (!isObject(message.android)) return structure("android is required for an Android notification message");
  const problem = checkAndroid(message.android, message.notification);
  if (problem) return problem;
  const rest = { ...message, token: undefined };
  if (Buffer.byteLength(JSON.stringify({ validate_only: body.validate_only ?? false, message: rest })) > maxBodyBytes)
    return { code: "80300008", msg: "The message body size exceeds the default value" };
  return null;
}
