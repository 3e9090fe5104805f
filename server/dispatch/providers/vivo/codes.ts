// vivo Push result codes and what each means for Herald. Sources: vivo server API v2.9.2 ("VIVO消息推送
// 服务端API接口文档", mirrored at app.applebyme.cn/cloud/appshangjia/2017.html and www.qro.cn/post/302609.html):
// 10070 daily total, 10252 list payloads per day, 10254 broadcasts, 10094 appId mismatch, 10302 bad regId;
// auth codes 10200-10207 and 10250 (auth over 10 calls/s) from xxgail/PushSDK vivo_push.go. vivo answers
// HTTP 200 for all of them, with `result` in the body. The code for a rejected authToken on later calls
// is in none of the sources seen: 10000 (权限认证失败) is assumed, and an HTTP 401 is read the same way.

// The outcome a vivo `result` code stands for.
export type VivoVerdict =
  | "ok"
  // The authToken was refused: fetch a new one and send again, once.
  | "auth"
  // The credential or the app's setup is wrong: nothing can succeed until staff fix it.
  | "configuration"
  // This target can never receive (bad or unknown regId).
  | "invalid"
  // The app's daily total is spent (10070): nothing more today.
  | "daily_total"
  // The day's list payloads are spent (10252): send one by one instead.
  | "list_limit"
  // Transient: try again later.
  | "retry"
  // This message can never be sent as it is (a field vivo refused).
  | "failed";

// Codes of the auth endpoint that mean the App ID, App key, App secret or clock is wrong.
const configurationCodes = new Set([10200, 10201, 10202, 10203, 10204, 10205, 10206, 10207, 10094]);

// Classifies one `result` code.
export function vivoVerdict(code: number): VivoVerdict {
  if (code === 0) return "ok";
  if (code === 10000) return "auth";
  if (configurationCodes.has(code)) return "configuration";
  if (code === 10302) return "invalid";
  if (code === 10070) return "daily_total";
  if (code === 10252) return "list_limit";
  // 10250: auth called more than 10 times a second.
  if (code === 10250) return "retry";
  return "failed";
}

// An entry of pushToList's `invalidUsers` ({status, userid}: userid is the regId). Statuses 1 (unknown
// regId) and 2 (app uninstalled or vivo account disabled) are read as a dead address; any other status
// (push switched off, long offline, not a test user) keeps it. No source seen here lists the statuses:
// this reading is unconfirmed and errs on keeping addresses.
export function invalidUserIsDead(status: number): boolean {
  return status === 1 || status === 2;
}
