// Checks a request body as vivo does and answers the first problem as vivo's {result, desc}. Codes
// from the sources (vivo server API v2.9.2 mirrors; xxgail/PushSDK vivo_push.go): 10050 regId empty,
// 10054 notifyType, 10055 title empty, 10056 title over 40 characters, 10094 appId mismatch, auth
// 10200-10207. Everything else the fake refuses with 10100 and a description: a code of the fake's own,
// as no source lists vivo's codes for those fields. Stricter than vivo on purpose: classification must
// be present (its default differs between sources) and agree with the category.
import { createHash } from "node:crypto";
import type { FakeVivoApp } from "./behaviour";

// A refusal.
export interface VivoProblem {
  result: number;
  desc: string;
}

const systemCategories = ["IM", "ACCOUNT", "TODO", "DEVICE_REMINDER", "ORDER", "SUBSCRIPTION"];
const opsCategories = ["NEWS", "CONTENT", "MARKETING", "SOCIAL"];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const chars = (text: string) => Array.from(text).length;

// The auth request: its app, or the problem.
export function validateAuth(
  body: unknown,
  apps: FakeVivoApp[],
  clockSkewMs: number,
  now = Date.now(),
): { app: FakeVivoApp } | VivoProblem {
  if (!isObject(body)) return { result: 10200, desc: "appId不能为空" };
  const appId = body.appId === undefined || body.appId === null ? "" : String(body.appId);
  if (!appId) return { result: 10200, desc: "appId不能为空" };
  if (typeof body.appKey !== "string" || !body.appKey) return { result: 10201, desc: "appKey不能为空" };
  const timestamp = body.timestamp === undefined ? "" : String(body.timestamp);
  if (!timestamp) return { result: 10203, desc: "timestamp不能为空" };
  if (typeof body.sign !== "string" || !body.sign) return { result: 10204, desc: "sign不能为空" };
  const app = apps.find((candidate) => candidate.appId === appId);
  if (!app) return { result: 10205, desc: "appId不存在" };
  if (app.appKey !== body.appKey) return { result: 10202, desc: "appKey不合法" };
  if (!/^\d{13}$/.test(timestamp) || Math.abs(Number(timestamp) - now) > clockSkewMs)
    return { result: 10207, desc: "timestamp不合法" };
  const sign = createHash("md5").update(`${appId}${app.appKey}${timestamp}${app.appSecret}`.trim()).digest("hex");
  if (body.sign !== sign) return { result: 10206, desc: "sign校验不通过" };
  return { app };
}

// The message content of /message/send and /message/saveListPayload.
export function validateContent(body: Record<string, unknown>): VivoProblem | null {
  const bad = (desc: string): VivoProblem => ({ result: 10100, desc });
  if (![1, 2, 3, 4].includes(body.notifyType as number)) return { result: 10054, desc: "notifyType不合法" };
  if (typeof body.title !== "string" || !body.title) return { result: 10055, desc: "title不能为空" };
  if (chars(body.title) > 40) return { result: 10056, desc: "title不能超过40个字符" };
  if (typeof body.content !== "string" || !body.content) return bad("content不能为空");
  if (chars(body.content) > 100) return bad("content不能超过100个字符");
  const ttl = body.timeToLive;
  if (ttl !== undefined && (!Number.isInteger(ttl) || (ttl as number) < 60 || (ttl as number) > 86_400))
    return bad("timeToLive不合法 (60-86400 秒)");
  if (![1, 2, 3, 4].includes(body.skipType as number)) return bad("skipType不合法");
  if ((body.skipType === 2 || body.skipType === 4) && (typeof body.skipContent !== "string" || !body.skipContent))
    return bad("skipContent不能为空");
  if (body.skipType === 2 && !/^https?:\/\//.test(body.skipContent as string)) return bad("skipContent不是链接");
  if (body.classification !== 0 && body.classification !== 1) return bad("classification不合法 (fake: required)");
  if (body.category !== undefined) {
    const allowed = body.classification === 1 ? systemCategories : opsCategories;
    if (!allowed.includes(body.category as string)) return bad("category与classification不匹配");
  }
  if (body.clientCustomMap !== undefined) {
    if (!isObject(body.clientCustomMap)) return bad("clientCustomMap不合法");
    let length = 0;
    for (const [key, value] of Object.entries(body.clientCustomMap)) {
      if (typeof value !== "string") return bad("clientCustomMap的value必须是字符串");
      length += key.length + value.length;
    }
    if (length > 1024) return bad("clientCustomMap超过1024个字符");
  }
  if (body.pushMode !== undefined && body.pushMode !== 0 && body.pushMode !== 1) return bad("pushMode不合法");
  return validateRequestId(body);
}

// requestId: required, at most 64 characters.
export function validateRequestId(body: Record<string, unknown>): VivoProblem | null {
  if (typeof body.requestId !== "string" || !body.requestId || body.requestId.length > 64)
    return { result: 10100, desc: "requestId不合法" };
  return null;
}

// /message/pushToList's fields besides the taskId's existence.
export function validateList(body: Record<string, unknown>): VivoProblem | null {
  const regIds = body.regIds;
  if (!Array.isArray(regIds) || regIds.length < 2 || regIds.length > 1000)
    return { result: 10100, desc: "regIds个数必须大于等于2，小于等于1000" };
  if (!regIds.every((regId) => typeof regId === "string" && regId)) return { result: 10050, desc: "regId不能为空" };
  if (typeof body.taskId !== "string" || !body.taskId) return { result: 10100, desc: "taskId不能为空" };
  return validateRequestId(body);
}

export { isObject };
