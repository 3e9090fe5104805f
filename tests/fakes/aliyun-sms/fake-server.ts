// A loopback fake of Alibaba Cloud SMS (阿里云短信服务, API version 2017-05-25) over TLS, for the real
// official SDK @alicloud/dysmsapi20170525 (4.x, pointed here by its endpoint and ca settings). Sources:
//   SendSms: https://help.aliyun.com/zh/sms/developer-reference/api-dysmsapi-2017-05-25-sendsms
//   SendBatchSms: https://help.aliyun.com/zh/sms/developer-reference/api-dysmsapi-2017-05-25-sendbatchsms
//   QuerySmsSignList: https://help.aliyun.com/zh/sms/developer-reference/api-dysmsapi-2017-05-25-querysmssignlist
//   Error codes: https://help.aliyun.com/zh/sms/developer-reference/api-error-codes (isv.*)
//   RPC signature: https://help.aliyun.com/zh/sdk/product-overview/rpc-mechanism (signature.ts)
//   HTTP push of receipts (SmsReport) and uplink messages (SmsUp), JSON arrays answered {"code":0}:
//     https://help.aliyun.com/zh/sms/developer-reference/configure-delivery-receipts-1
// An RPC call is POST / with its parameters in the query (and form body), signed with the AccessKey;
// bad keys answer 404 InvalidAccessKeyId.NotFound, bad signatures 400 SignatureDoesNotMatch, a reused
// nonce SignatureNonceUsed, an old Timestamp InvalidTimeStamp.Expired. Business refusals are HTTP 200
// with an isv.* Code. Per-number frequency control answers isv.BUSINESS_LIMIT_CONTROL. Accepted messages
// get a BizId; their delivery report goes to the account's report URL, and uplink messages (control
// route) to its up URL, as the console's HTTP push mode does.
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { startLoopbackFake, type FakeAnswer, type FakeRequest } from "../loopback-fake";
import { SmsCallbacks, type PostedCallback } from "../sms-callbacks";
import { aliyunSignature } from "./signature";

const tlsDir = path.join(import.meta.dirname, "tls");
// The self-signed certificate (dysmsapi.aliyuncs.com, localhost, 127.0.0.1) clients must trust.
export const fakeAliyunSmsCaFile = path.join(tlsDir, "fake-aliyun-sms.crt");

// An account: its AccessKey, approved sign names and templates (code -> variable names).
export interface FakeAliyunAccount {
  accessKeyId: string;
  accessKeySecret: string;
  signNames: string[];
  templates: Record<string, string[]>;
  // The console's HTTP push URLs (null: not configured).
  reportUrl: string | null;
  upUrl: string | null;
}

export const fakeAliyunAccount: FakeAliyunAccount = {
  accessKeyId: "LTAI5tHeraldTestKey01",
  accessKeySecret: "HeraldTestSecret0123456789abcd",
  signNames: ["Herald"],
  templates: { SMS_154950909: ["code"] },
  reportUrl: null,
  upUrl: null,
};

export interface FakeAliyunBehaviour {
  // Messages one number may receive per minute (the default frequency control is 1 a minute).
  perNumberPerMinute: number;
  // Numbers on the blacklist (the recipient refused the sign's messages): isv.BLACK_KEY_CONTROL_LIMIT.
  blacklist: string[];
  // Numbers (as sent) the carrier does not deliver to: accepted, then reported failed.
  undeliverablePrefix: string;
  // Longest value of a template variable, in characters.
  maxVariableChars: number;
  // Codes for the next sends, in order: an HTTP status and Code.
  failNext: Array<{ status: number; code: string }>;
}

export const defaultAliyunBehaviour = (): FakeAliyunBehaviour => ({
  perNumberPerMinute: 1,
  blacklist: [],
  undeliverablePrefix: "1999",
  maxVariableChars: 35,
  failNext: [],
});

// One message the fake accepted.
export interface FakeAliyunMessage {
  bizId: string;
  phoneNumber: string;
  signName: string;
  templateCode: string;
  params: Record<string, string>;
  outId: string | null;
  at: number;
}

const errorMessages: Record<string, string> = {
  "InvalidAccessKeyId.NotFound": "Specified access key is not found.",
  SignatureDoesNotMatch: "Specified signature is not matched with our calculation.",
  SignatureNonceUsed: "Specified signature nonce was used already.",
  "InvalidTimeStamp.Expired": "Specified time stamp or date value is expired.",
  MissingParameter: "A required parameter is missing.",
  "isv.SMS_SIGNATURE_ILLEGAL": "该账号下找不到对应签名",
  "isv.SMS_TEMPLATE_ILLEGAL": "该账号下找不到对应模板",
  "isv.TEMPLATE_MISSING_PARAMETERS": "模板变量中存在未赋值变量",
  "isv.INVALID_JSON_PARAM": "JSON参数不合法，只接受字符串值",
  "isv.MOBILE_NUMBER_ILLEGAL": "手机号码格式错误",
  "isv.MOBILE_COUNT_OVER_LIMIT": "手机号码数量超过限制",
  "isv.BUSINESS_LIMIT_CONTROL": "触发号码天级流控Permits:10",
  "isv.BLACK_KEY_CONTROL_LIMIT": "黑名单管控是指变量内容含有限制发送的内容",
  "isv.PARAM_LENGTH_LIMIT": "参数超过长度限制",
  "Throttling.User": "Request was denied due to user flow control.",
  ServiceUnavailable: "The request has failed due to a temporary failure of the server.",
};

const requestId = () => randomUUID().toUpperCase();
const rpcError = (status: number, code: string): FakeAnswer => ({
  status,
  body: { RequestId: requestId(), Code: code, Message: errorMessages[code] ?? code, HostId: "dysmsapi.aliyuncs.com" },
});
const refuse = (code: string) => rpcError(200, code);

// A mainland number (11 digits from 1, with or without 86) or an international one with its code.
const validNumber = (value: string) => /^(\+?86)?1\d{10}$/.test(value) || /^(00)?[1-9]\d{7,14}$/.test(value);

export interface FakeAliyunSms {
  port: number;
  url: string;
  ca: string;
  caFile: string;
  accounts: Map<string, FakeAliyunAccount>;
  behaviour: FakeAliyunBehaviour;
  messages: FakeAliyunMessage[];
  callbacks: SmsCallbacks;
  configure(change: Partial<FakeAliyunBehaviour>): void;
  addAccount(account: Partial<FakeAliyunAccount> & { accessKeyId: string; accessKeySecret: string }): FakeAliyunAccount;
  // A phone replies `content` to the sign's messages: posted to the account's up URL.
  up(input: { accessKeyId: string; phoneNumber: string; content: string; signName?: string }): Promise<PostedCallback>;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeAliyunOptions {
  port?: number;
  host?: string;
  behaviour?: Partial<FakeAliyunBehaviour>;
  accounts?: FakeAliyunAccount[];
  onMessage?: (message: FakeAliyunMessage) => void;
}

const chinaTime = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().replace("T", " ").slice(0, 19);

// Starts the fake.
export async function startFakeAliyunSms(options: FakeAliyunOptions = {}): Promise<FakeAliyunSms> {
  const accounts = new Map<string, FakeAliyunAccount>();
  const addAccount = (account: Partial<FakeAliyunAccount> & { accessKeyId: string; accessKeySecret: string }) => {
    const full = { signNames: [], templates: {}, reportUrl: null, upUrl: null, ...account };
    accounts.set(full.accessKeyId, full);
    return full;
  };
  for (const account of options.accounts ?? [fakeAliyunAccount]) addAccount({ ...account });
  const state = {
    behaviour: { ...defaultAliyunBehaviour(), ...options.behaviour },
    messages: [] as FakeAliyunMessage[],
    nonces: new Set<string>(),
    // Sends per number in the current minute.
    perMinute: new Map<string, number[]>(),
  };
  const callbacks = new SmsCallbacks();
  const json = { "content-type": "application/json;charset=utf-8" };

  const report = (account: FakeAliyunAccount, message: FakeAliyunMessage) => {
    const delivered = !message.phoneNumber.startsWith(state.behaviour.undeliverablePrefix);
    if (delivered) options.onMessage?.(message);
    if (!account.reportUrl) return;
    const body = [
      {
        phone_number: message.phoneNumber,
        send_time: chinaTime(message.at),
        report_time: chinaTime(Date.now()),
        success: delivered,
        err_code: delivered ? "DELIVERED" : "MK:0001",
        err_msg: delivered ? "用户接收成功" : "运营商拦截",
        sms_size: "1",
        biz_id: message.bizId,
        out_id: message.outId ?? "",
      },
    ];
    void callbacks.post(account.reportUrl, json, JSON.stringify(body));
  };

  // Checks the AccessKey, signature, nonce and timestamp; the account or the error answer.
  const authenticate = (request: FakeRequest, params: Record<string, string>): FakeAliyunAccount | FakeAnswer => {
    const account = accounts.get(params.AccessKeyId ?? "");
    if (!account) return rpcError(404, "InvalidAccessKeyId.NotFound");
    if (params.SignatureMethod !== "HMAC-SHA1" || params.SignatureVersion !== "1.0" || !params.Signature)
      return rpcError(400, "IncompleteSignature");
    if (aliyunSignature(account.accessKeySecret, request.method, params) !== params.Signature)
      return rpcError(400, "SignatureDoesNotMatch");
    const stamp = Date.parse(params.Timestamp ?? "");
    if (Number.isNaN(stamp) || Math.abs(Date.now() - stamp) > 15 * 60_000)
      return rpcError(400, "InvalidTimeStamp.Expired");
    const nonce = params.SignatureNonce ?? "";
    if (!nonce || state.nonces.has(nonce)) return rpcError(400, "SignatureNonceUsed");
    state.nonces.add(nonce);
    return account;
  };

  // One message to one number: checks, frequency control, BizId.
  const sendOne = (
    account: FakeAliyunAccount,
    input: {
      phoneNumber: string;
      signName: string;
      templateCode: string;
      templateParam: string | undefined;
      outId: string | null;
    },
    bizId: string,
  ): FakeAnswer | FakeAliyunMessage => {
    if (!account.signNames.includes(input.signName)) return refuse("isv.SMS_SIGNATURE_ILLEGAL");
    const variables = account.templates[input.templateCode];
    if (!variables) return refuse("isv.SMS_TEMPLATE_ILLEGAL");
    let params: Record<string, unknown> = {};
    if (input.templateParam !== undefined) {
      try {
        params = JSON.parse(input.templateParam) as Record<string, unknown>;
      } catch {
        return refuse("isv.INVALID_JSON_PARAM");
      }
      if (typeof params !== "object" || params === null || Object.values(params).some((v) => typeof v !== "string"))
        return refuse("isv.INVALID_JSON_PARAM");
    }
    if (variables.some((name) => params[name] === undefined)) return refuse("isv.TEMPLATE_MISSING_PARAMETERS");
    if (Object.values(params).some((v) => Array.from(v as string).length > state.behaviour.maxVariableChars))
      return refuse("isv.PARAM_LENGTH_LIMIT");
    if (!validNumber(input.phoneNumber)) return refuse("isv.MOBILE_NUMBER_ILLEGAL");
    if (state.behaviour.blacklist.includes(input.phoneNumber)) return refuse("isv.BLACK_KEY_CONTROL_LIMIT");
    const now = Date.now();
    const recent = (state.perMinute.get(input.phoneNumber) ?? []).filter((at) => now - at < 60_000);
    if (recent.length >= state.behaviour.perNumberPerMinute) return refuse("isv.BUSINESS_LIMIT_CONTROL");
    recent.push(now);
    state.perMinute.set(input.phoneNumber, recent);
    const message: FakeAliyunMessage = {
      bizId,
      phoneNumber: input.phoneNumber,
      signName: input.signName,
      templateCode: input.templateCode,
      params: params as Record<string, string>,
      outId: input.outId,
      at: now,
    };
    return message;
  };

  const newBizId = () => `${Date.now()}${randomBytes(3).readUIntBE(0, 3)}^0`;

  const handle = (request: FakeRequest): FakeAnswer => {
    if (request.path !== "/") return rpcError(404, "InvalidAction.NotFound");
    const params = Object.fromEntries([...request.query, ...request.form]);
    const account = authenticate(request, params);
    if (!("accessKeyId" in account)) return account;
    const failure = state.behaviour.failNext.shift();
    if (failure) return rpcError(failure.status, failure.code);
    const ok = (extra: Record<string, unknown>): FakeAnswer => ({
      status: 200,
      body: { RequestId: requestId(), Code: "OK", Message: "OK", ...extra },
    });
    switch (params.Action) {
      case "SendSms": {
        for (const name of ["PhoneNumbers", "SignName", "TemplateCode"])
          if (!params[name]) return rpcError(400, "MissingParameter");
        const numbers = params.PhoneNumbers!.split(",");
        if (numbers.length > 1000) return refuse("isv.MOBILE_COUNT_OVER_LIMIT");
        const bizId = newBizId();
        const accepted: FakeAliyunMessage[] = [];
        for (const phoneNumber of numbers) {
          const result = sendOne(
            account,
            {
              phoneNumber,
              signName: params.SignName!,
              templateCode: params.TemplateCode!,
              templateParam: params.TemplateParam,
              outId: params.OutId ?? null,
            },
            bizId,
          );
          if ("status" in result) return result;
          accepted.push(result);
        }
        for (const message of accepted) {
          state.messages.push(message);
          report(account, message);
        }
        return ok({ BizId: bizId });
      }
      case "SendBatchSms": {
        let numbers: string[];
        let signs: string[];
        let templateParams: unknown[] | null;
        try {
          numbers = JSON.parse(params.PhoneNumberJson ?? "[]") as string[];
          signs = JSON.parse(params.SignNameJson ?? "[]") as string[];
          templateParams = params.TemplateParamJson ? (JSON.parse(params.TemplateParamJson) as unknown[]) : null;
        } catch {
          return refuse("isv.INVALID_JSON_PARAM");
        }
        if (!numbers.length || numbers.length > 100) return refuse("isv.MOBILE_COUNT_OVER_LIMIT");
        if (signs.length !== numbers.length || (templateParams && templateParams.length !== numbers.length))
          return refuse("isv.INVALID_JSON_PARAM");
        const bizId = newBizId();
        const accepted: FakeAliyunMessage[] = [];
        for (const [i, phoneNumber] of numbers.entries()) {
          const result = sendOne(
            account,
            {
              phoneNumber,
              signName: signs[i]!,
              templateCode: params.TemplateCode ?? "",
              templateParam: templateParams ? JSON.stringify(templateParams[i]) : undefined,
              outId: params.OutId ?? null,
            },
            bizId,
          );
          if ("status" in result) return result;
          accepted.push(result);
        }
        for (const message of accepted) {
          state.messages.push(message);
          report(account, message);
        }
        return ok({ BizId: bizId });
      }
      case "QuerySmsSignList":
        return ok({
          SmsSignList: account.signNames.map((signName, i) => ({
            SignName: signName,
            AuditStatus: "AUDIT_STATE_PASS",
            CreateDate: "2026-01-01 00:00:00",
            BusinessType: "验证码类型",
            OrderId: `2000000${i}`,
            Reason: { RejectInfo: "无审批备注", RejectDate: "", RejectSubInfo: "" },
          })),
          TotalCount: account.signNames.length,
          CurrentPage: 1,
          PageSize: 50,
        });
      default:
        return rpcError(404, "InvalidAction.NotFound");
    }
  };

  const fake = await startLoopbackFake({
    keyFile: path.join(tlsDir, "fake-aliyun-sms.key"),
    certFile: fakeAliyunSmsCaFile,
    port: options.port,
    host: options.host,
    handle,
    latencyMs: () => 0,
    control: {
      "GET /__fake/messages": () => state.messages,
      "POST /__fake/configure": (input) => Object.assign(state.behaviour, input),
    },
  });

  return {
    ...fake,
    accounts,
    get behaviour() {
      return state.behaviour;
    },
    get messages() {
      return state.messages;
    },
    callbacks,
    configure: (change) => Object.assign(state.behaviour, change),
    addAccount,
    up({ accessKeyId, phoneNumber, content, signName }) {
      const account = accounts.get(accessKeyId);
      if (!account?.upUrl) throw new Error(`account ${accessKeyId} has no up URL`);
      const body = [
        {
          phone_number: phoneNumber,
          send_time: chinaTime(Date.now()),
          content,
          sign_name: signName ?? account.signNames[0] ?? "",
          dest_code: "1234",
          sequence_id: Number(randomBytes(4).readUInt32BE(0)),
        },
      ];
      return callbacks.post(account.upUrl, json, JSON.stringify(body));
    },
    reset() {
      state.behaviour = defaultAliyunBehaviour();
      state.messages = [];
      state.perMinute.clear();
      callbacks.clear();
    },
  };
}
