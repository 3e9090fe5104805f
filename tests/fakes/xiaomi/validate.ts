// Validation of a MiPush /v3/message/regid request as Xiaomi documents it (dev.mi.com pId=1559 fields,
// pId=1560 codes): the first problem, as MiPush's code and reason, or null when the request is good.
import { charLength } from "../loopback-fake";

// One problem: MiPush's error code and its English reason.
export interface XiaomiProblem {
  code: number;
  reason: string;
}

export const maxRegIds = 1000;
export const maxPayloadBytes = 4096;
const maxNotifyId = 2 ** 31 - 1;

const missing = (name: string): XiaomiProblem => ({ code: 10016, reason: `Missing required parameter: ${name}` });
const bad = (name: string, why: string): XiaomiProblem => ({
  code: 10017,
  reason: `Invalid parameter ${name}: ${why}`,
});
const isInt = (text: string) => /^-?\d+$/.test(text);

// Checks the fields of a send (after authentication and the package check).
export function validateXiaomiSend(form: URLSearchParams, requireChannelId: boolean): XiaomiProblem | null {
  const regIds = form.get("registration_id");
  if (!regIds) return missing("registration_id");
  const list = regIds.split(",");
  if (list.length > maxRegIds) return bad("registration_id", `more than ${maxRegIds} targets`);
  if (list.some((id) => id.trim() === "")) return bad("registration_id", "empty target");
  const passThrough = form.get("pass_through") ?? "0";
  if (passThrough !== "0" && passThrough !== "1") return bad("pass_through", "must be 0 or 1");
  const payload = form.get("payload");
  if (payload !== null && Buffer.byteLength(payload) > maxPayloadBytes)
    return { code: 65009, reason: "Message content too long" };
  if (passThrough === "0") {
    const title = form.get("title");
    const description = form.get("description");
    if (!title?.trim()) return missing("title");
    if (charLength(title) >= 50) return bad("title", "must be shorter than 50 characters");
    if (!description?.trim()) return missing("description");
    if (charLength(description) >= 128) return bad("description", "must be shorter than 128 characters");
  }
  const notifyType = form.get("notify_type");
  if (notifyType !== null && (!isInt(notifyType) || Number(notifyType) < -1 || Number(notifyType) > 7))
    return bad("notify_type", "must be -1 or a sum of 1, 2, 4");
  const notifyId = form.get("notify_id");
  if (notifyId !== null && (!isInt(notifyId) || Number(notifyId) < 0 || Number(notifyId) > maxNotifyId))
    return bad("notify_id", "must be an integer 0..2147483647");
  const ttl = form.get("time_to_live");
  if (ttl !== null && (!isInt(ttl) || Number(ttl) < 0)) return bad("time_to_live", "milliseconds, an integer >= 0");
  if (requireChannelId && passThrough === "0" && !form.get("extra.channel_id")) return missing("extra.channel_id");
  const effect = form.get("extra.notify_effect");
  if (effect !== null && !["1", "2", "3"].includes(effect)) return bad("extra.notify_effect", "must be 1, 2 or 3");
  if (effect === "3" && !/^https?:\/\//i.test(form.get("extra.web_uri") ?? ""))
    return bad("extra.web_uri", "a web page URL is required for notify_effect 3");
  if (effect === "2" && !form.get("extra.intent_uri")) return bad("extra.intent_uri", "required for notify_effect 2");
  const jobKey = form.get("extra.jobkey");
  if (jobKey !== null && !/^[0-9A-Za-z-][0-9A-Za-z_-]{0,19}$/.test(jobKey))
    return bad("extra.jobkey", "at most 20 of [0-9a-zA-Z_-], not starting with _");
  const callbackParam = form.get("extra.callback.param");
  if (callbackParam !== null && Buffer.byteLength(callbackParam) > 64)
    return { code: 65036, reason: "callback param too long" };
  const callback = form.get("extra.callback");
  if (callback !== null && !/^https?:\/\//i.test(callback)) return { code: 65038, reason: "callback url illegal" };
  return null;
}
