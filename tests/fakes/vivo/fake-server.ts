// A loopback fake of vivo Push's server API (v2.9.2): /message/auth, /message/send,
// /message/saveListPayload and /message/pushToList over TLS, answering as vivo does (HTTP 200 with
// {result, desc, …} for business errors, HTTP 500 "Internet server error!" otherwise), with knobs for
// token expiry, the auth rate limit, daily quotas, per-device caps and one-off answers.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { ReceiptPoster, type VendorFakeOptions } from "../receipt-poster";
import { vivoDeliveryReceipt, vivoReceipts } from "./receipts";
import { arrivalData, chinaDay, startLoopbackFake, type FakeAnswer, type FakeRequest } from "../loopback-fake";
import { defaultVivoBehaviour, regIdStatus, type FakeVivoApp, type FakeVivoBehaviour } from "./behaviour";
import { VivoRecords, type VivoReceived, type VivoStats, type VivoTokenRecord } from "./records";
import { isObject, validateAuth, validateContent, validateList, type VivoProblem } from "./validate";

const tlsDir = path.join(import.meta.dirname, "tls");
// The self-signed certificate (api-push.vivo.com.cn, localhost, 127.0.0.1) clients must trust.
export const fakeVivoCaFile = path.join(tlsDir, "fake-vivo.crt");

// Everything a test does to the fake.
export interface FakeVivoControl {
  configure(behaviour: Partial<FakeVivoBehaviour>): void;
  reset(): void;
  // Makes every token issued so far expired (vivo then refuses it).
  expireTokens(): void;
  stats(): VivoStats;
  tokens(regIds?: string[]): VivoTokenRecord[];
  bodies(path?: string): VivoReceived[];
}

export interface FakeVivo extends FakeVivoControl {
  // The receipt mode (receipts.ts): off unless configured.
  receipts: ReceiptPoster;
  port: number;
  url: string;
  ca: string;
  caFile: string;
  close(): Promise<void>;
}

interface Issued {
  app: FakeVivoApp;
  expiresAt: number;
}

// Starts a fake vivo server on 127.0.0.1 (a random port unless given).
export async function startFakeVivo(options: VendorFakeOptions<FakeVivoBehaviour> = {}): Promise<FakeVivo> {
  const receipts = new ReceiptPoster(options.receipts);
  let behaviour: FakeVivoBehaviour = { ...defaultVivoBehaviour(), ...options.behaviour };
  const records = new VivoRecords();
  const issued = new Map<string, Issued>();
  const tasks = new Map<string, { appId: string; body: Record<string, unknown> }>();
  const authWindow = new Map<string, { second: number; count: number }>();
  const daily = new Map<string, number>();
  let flow = { second: 0, count: 0 };

  const ok = (extra: Record<string, unknown>): FakeAnswer => ({
    status: 200,
    body: { result: 0, desc: "请求成功", ...extra },
  });
  const refuse = (problem: VivoProblem, extra: Record<string, unknown> = {}): FakeAnswer => {
    records.answered(String(problem.result));
    return { status: 200, body: { ...problem, ...extra } };
  };
  const serverError = (status = 500): FakeAnswer => {
    records.answered(`HTTP_${status}`);
    return { status, body: "Internet server error!" };
  };
  const count = (key: string) => daily.get(`${chinaDay()}|${key}`) ?? 0;
  const add = (key: string, n: number) => daily.set(`${chinaDay()}|${key}`, count(key) + n);

  function auth(body: unknown): FakeAnswer {
    records.stats.authCalls += 1;
    const appId = isObject(body) ? String(body.appId ?? "") : "";
    const second = Math.floor(Date.now() / 1000);
    const window = authWindow.get(appId);
    const calls = window?.second === second ? window.count + 1 : 1;
    authWindow.set(appId, { second, count: calls });
    if (calls > behaviour.authPerSecond) return refuse({ result: 10250, desc: "鉴权调用超过频率限制" });
    const checked = validateAuth(body, behaviour.apps, behaviour.clockSkewMs);
    if ("result" in checked) return refuse(checked);
    const authToken = randomUUID();
    issued.set(authToken, { app: checked.app, expiresAt: Date.now() + behaviour.tokenTtlMs });
    records.stats.tokensIssued += 1;
    return ok({ authToken });
  }

  // Flow control over messages per second: true when over.
  function overFlow(messages: number): boolean {
    if (behaviour.messagesPerSecond === null) return false;
    const second = Math.floor(Date.now() / 1000);
    flow = flow.second === second ? { second, count: flow.count + messages } : { second, count: messages };
    return flow.count > behaviour.messagesPerSecond;
  }

  function deliver(appId: string, regIds: string[], content: Record<string, unknown>, taskId: string) {
    add(`total|${appId}`, regIds.length);
    const category = typeof content.category === "string" ? content.category : null;
    const at = Date.now();
    const ttl = typeof content.timeToLive === "number" ? content.timeToLive : undefined;
    const shown: string[] = [];
    for (const regId of regIds)
      if (
        records.accept(regId, content.classification as number, category, chinaDay(), behaviour.marketingCapPerDevice)
      ) {
        shown.push(regId);
        options.onArrival?.({
          token: regId,
          data: arrivalData(content.clientCustomMap),
          at,
          ...(ttl !== undefined ? { ttlSeconds: ttl } : {}),
          receipt: vivoDeliveryReceipt(receipts.config, regId, content),
        });
      }
    if (receipts.config.enabled) receipts.post(vivoReceipts(receipts.config, { taskId, regIds: shown, content }));
  }

  function vendor(request: FakeRequest, app: FakeVivoApp, body: Record<string, unknown>): FakeAnswer {
    if (String(body.appId ?? "") !== app.appId) return refuse({ result: 10094, desc: "appId与鉴权信息不一致" });
    if (request.path === "/message/send") {
      records.stats.singleSends += 1;
      if (typeof body.regId !== "string" || !body.regId) return refuse({ result: 10050, desc: "alias和regId不能为空" });
      const problem = validateContent(body);
      if (problem) return refuse(problem);
      if (behaviour.dailyTotal !== null && count(`total|${app.appId}`) >= behaviour.dailyTotal)
        return refuse({ result: 10070, desc: "发送总量超出限制" });
      if (overFlow(1)) return serverError();
      const status = regIdStatus(body.regId, behaviour);
      if (status !== null)
        return refuse({ result: 10302, desc: "regId不合法" }, { invalidUser: { status, userid: body.regId } });
      const taskId = String(Date.now()) + String(records.stats.singleSends).padStart(6, "0");
      deliver(app.appId, [body.regId], body, taskId);
      return ok({ taskId });
    }
    if (request.path === "/message/saveListPayload") {
      const problem = validateContent(body);
      if (problem) return refuse(problem);
      if (behaviour.dailyTotal !== null && count(`total|${app.appId}`) >= behaviour.dailyTotal)
        return refuse({ result: 10070, desc: "发送总量超出限制" });
      if (behaviour.listPayloadsPerDay !== null && count(`lists|${app.appId}`) >= behaviour.listPayloadsPerDay)
        return refuse({ result: 10252, desc: "批量发送消息体超出限制" });
      add(`lists|${app.appId}`, 1);
      records.stats.listPayloads += 1;
      const taskId = `${Date.now()}${String(records.stats.listPayloads).padStart(6, "0")}`;
      tasks.set(taskId, { appId: app.appId, body });
      return ok({ taskId });
    }
    if (request.path === "/message/pushToList") {
      records.stats.listPushes += 1;
      const problem = validateList(body);
      if (problem) return refuse(problem);
      const task = tasks.get(body.taskId as string);
      if (!task || task.appId !== app.appId) return refuse({ result: 10100, desc: "taskId不存在" });
      const regIds = body.regIds as string[];
      if (behaviour.dailyTotal !== null && count(`total|${app.appId}`) + regIds.length > behaviour.dailyTotal)
        return refuse({ result: 10070, desc: "发送总量超出限制" });
      if (overFlow(regIds.length)) return serverError();
      const invalidUsers = regIds.flatMap((userid) => {
        const status = regIdStatus(userid, behaviour);
        return status === null ? [] : [{ status, userid }];
      });
      const bad = new Set(invalidUsers.map((user) => user.userid));
      deliver(
        app.appId,
        regIds.filter((regId) => !bad.has(regId)),
        task.body,
        body.taskId as string,
      );
      return ok({ requestId: body.requestId, invalidUsers });
    }
    return serverError(404);
  }

  function handle(request: FakeRequest): FakeAnswer {
    const authToken = typeof request.headers.authtoken === "string" ? request.headers.authtoken : null;
    records.received(request.path, authToken, request.json, behaviour.keepBodies);
    if (request.method !== "POST") return serverError(405);
    const index = behaviour.next.findIndex((answer) => !answer.path || answer.path === request.path);
    if (index >= 0) {
      const [answer] = behaviour.next.splice(index, 1);
      if (answer!.status) return serverError(answer!.status);
      return refuse({ result: answer!.result ?? 10100, desc: answer!.desc ?? "fake answer" });
    }
    if (request.path === "/message/auth") return auth(request.json);
    if (!isObject(request.json)) return refuse({ result: 10100, desc: "请求体不是JSON" });
    const token = authToken ? issued.get(authToken) : undefined;
    if (!token || token.expiresAt <= Date.now()) return refuse({ result: 10000, desc: "权限认证失败" });
    return vendor(request, token.app, request.json);
  }

  const control: FakeVivoControl = {
    configure: (changes) => void (behaviour = { ...behaviour, ...changes }),
    reset: () => {
      behaviour = { ...defaultVivoBehaviour(), ...options.behaviour };
      records.reset();
      issued.clear();
      tasks.clear();
      daily.clear();
      authWindow.clear();
      receipts.reset();
    },
    expireTokens: () => issued.forEach((token) => (token.expiresAt = 0)),
    stats: () => ({ ...records.stats, errors: { ...records.stats.errors } }),
    tokens: (regIds) => records.tokens(regIds),
    bodies: (path) => records.recent(path, behaviour.keepBodies),
  };
  const server = await startLoopbackFake({
    keyFile: path.join(tlsDir, "fake-vivo.key"),
    certFile: fakeVivoCaFile,
    port: options.port,
    host: options.host,
    latencyMs: () => behaviour.latencyMs,
    handle,
    control: {
      "POST /__fake/configure": (input) => control.configure(input as Partial<FakeVivoBehaviour>),
      "POST /__fake/reset": () => control.reset(),
      "POST /__fake/expire-tokens": () => control.expireTokens(),
      "GET /__fake/stats": () => control.stats(),
      "POST /__fake/tokens": (input) => control.tokens(input.regIds as string[] | undefined),
      "GET /__fake/bodies": (input) => control.bodies(input.path as string | undefined),
      ...receipts.routes(),
    },
  });
  return { ...server, ...control, receipts };
}
