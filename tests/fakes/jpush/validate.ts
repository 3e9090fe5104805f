// Checks a /v3/push body as JPush does and answers the first problem as JPush's error (jpush-docs
// rest_api_v3_push.md): 1002 a required field missing, 1003 a bad value (registration ids over 1000,
// time_to_live out of range, unknown platform), 1005 notification + message over 4000 bytes. Stricter
// than JPush on purpose: options.classification must be sent (0 or 1).

// A refusal: HTTP status, JPush code and message.
export interface JpushProblem {
  status: number;
  code: number;
  message: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const platforms = ["android", "ios", "quickapp", "hmos"];

// The registration ids a valid body targets ("all" for audience all), or the problem.
export function validatePush(body: unknown, maxTtlSeconds: number): { targets: string[] | "all" } | JpushProblem {
  const bad = (message: string, code = 1003): JpushProblem => ({ status: 400, code, message });
  if (!isObject(body)) return bad("Missing parameter: body is not JSON", 1002);
  const platform = body.platform;
  if (platform === undefined || body.audience === undefined)
    return bad("Missing parameter: platform or audience", 1002);
  const listed = platform === "all" ? platforms : Array.isArray(platform) ? platform : [platform];
  if (!listed.every((name) => typeof name === "string" && platforms.includes(name))) return bad("Invalid platform");
  if (body.notification === undefined && body.message === undefined)
    return bad("Missing parameter: notification or message", 1002);
  if (body.notification !== undefined) {
    if (!isObject(body.notification)) return bad("Invalid notification");
    const android = body.notification.android;
    if (android !== undefined) {
      if (!isObject(android) || typeof android.alert !== "string" || !android.alert)
        return bad("android alert is required");
      if (android.extras !== undefined && !isObject(android.extras)) return bad("android extras must be a JSON object");
    }
  }
  const size =
    Buffer.byteLength(JSON.stringify(body.notification ?? {})) + Buffer.byteLength(JSON.stringify(body.message ?? {}));
  if (size > 4000) return bad("Message is too long: notification and message exceed 4000 bytes", 1005);
  const options = body.options;
  if (!isObject(options)) return bad("Missing parameter: options (classification is required by this fake)", 1002);
  if (options.classification !== 0 && options.classification !== 1) return bad("Invalid options.classification");
  const ttl = options.time_to_live;
  if (ttl !== undefined && (!Number.isInteger(ttl) || (ttl as number) < 0 || (ttl as number) > maxTtlSeconds))
    return bad("Invalid options.time_to_live");
  if (options.third_party_channel !== undefined && !isObject(options.third_party_channel))
    return bad("Invalid options.third_party_channel");
  if (body.audience === "all") return { targets: "all" };
  if (!isObject(body.audience)) return bad("Invalid audience");
  const ids = body.audience.registration_id;
  if (!Array.isArray(ids) || ids.length === 0) return bad("Invalid audience: registration_id is required by this fake");
  if (ids.length > 1000) return bad("Invalid audience: registration_id holds at most 1000 values");
  if (!ids.every((id) => typeof id === "string" && id)) return bad("Invalid registration_id value");
  return { targets: ids as string[] };
}

export { isObject };
