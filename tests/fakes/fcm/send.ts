// The fake's two Google endpoints as plain functions of (path, headers, body): FCM v1 messages:send
// and the OAuth 2.0 token endpoint firebase-admin's service-account credential calls.
import { randomBytes } from "node:crypto";
import { arrivalData, type ArrivalListener } from "../loopback-fake";
import { faultAnswer, invalidRequestAnswer, notFoundAnswer, type FakeAnswer } from "./answers";
import { faultFor, outageAt, type FakeBehaviour } from "./behaviour";
import type { FakeRecords } from "./records";
import { field, validateSendRequest } from "./validate";

// What the server should do with a request: answer it, leave it hanging (HANG fault) or drop its
// connection (an outage in "reset" mode).
export type Reply = FakeAnswer | "hang" | "reset";

// Access tokens this fake (or any other instance of it) issues. Any such token is accepted: the
// credential cache of firebase-admin is per process and per key, so a token from one fake may meet another.
const accessTokenPrefix = "ya29.fake-";

const sendPath = /^\/v1\/projects\/([^/]+)\/messages:send$/;
const tokenPaths = new Set(["/token", "/oauth2/v4/token"]);

// State shared by the handlers of one fake server.
export interface SendContext {
  behaviour: FakeBehaviour;
  records: FakeRecords;
  nextMessageId(): string;
  // Told of every message accepted for a device (validate-only requests excluded).
  onArrival?: ArrivalListener;
}

function collapseKeyOf(message: unknown): string | null {
  const android = field(field(message, "android"), "collapseKey");
  if (typeof android === "string") return android;
  const apns = field(field(message, "apns"), "headers") as Record<string, unknown> | undefined;
  if (typeof apns?.["apns-collapse-id"] === "string") return apns["apns-collapse-id"];
  const web = field(field(message, "webpush"), "headers") as Record<string, unknown> | undefined;
  return typeof web?.Topic === "string" ? web.Topic : null;
}

function sendMessage(context: SendContext, project: string, authorization: string | undefined, body: Buffer): Reply {
  const { behaviour, records } = context;
  const bearer = authorization?.startsWith("Bearer ") ? authorization.slice(7) : null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    records.received(null, project, null, behaviour.keepBodies);
    return invalidRequestAnswer("", "Invalid JSON payload received. Unexpected token.");
  }
  const message = field(parsed, "message");
  const token = typeof field(message, "token") === "string" ? (field(message, "token") as string) : null;
  const attempt = records.received(token, project, parsed, behaviour.keepBodies);
  if (!bearer?.startsWith(accessTokenPrefix)) return faultAnswer("UNAUTHENTICATED");
  const problem = validateSendRequest(parsed, body.length);
  if (problem)
    return problem.token ? faultAnswer("INVALID_ARGUMENT") : invalidRequestAnswer(problem.field, problem.description);
  const fault = token === null ? null : faultFor(token, attempt, behaviour);
  if (fault === "HANG") return "hang";
  if (fault) return faultAnswer(fault);
  const validateOnly = field(parsed, "validateOnly") === true;
  records.accepted(token, collapseKeyOf(message), validateOnly);
  if (!validateOnly && token !== null && context.onArrival) {
    const ttl = field(field(message, "android"), "ttl");
    const seconds = typeof ttl === "string" ? parseFloat(ttl) : NaN;
    context.onArrival({
      token,
      data: arrivalData(field(message, "data")),
      at: Date.now(),
      ...(Number.isFinite(seconds) ? { ttlSeconds: seconds } : {}),
    });
  }
  const id = validateOnly ? "fake_message_id" : context.nextMessageId();
  return { status: 200, body: JSON.stringify({ name: `projects/${project}/messages/${id}` }) };
}

function decodeJwtPayload(assertion: string): Record<string, unknown> | null {
  try {
    const payload = JSON.parse(Buffer.from(assertion.split(".")[1] ?? "", "base64url").toString("utf8")) as unknown;
    return typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

// The JWT-bearer grant: the assertion is decoded (not verified: the fake does not know the public
// key) and must name a service account and the messaging or cloud-platform scope.
function grantToken(context: SendContext, body: Buffer): FakeAnswer {
  const form = new URLSearchParams(body.toString("utf8"));
  const claims =
    form.get("grant_type") === "urn:ietf:params:oauth:grant-type:jwt-bearer"
      ? decodeJwtPayload(form.get("assertion") ?? "")
      : null;
  const refuse = (description: string) => ({
    status: 400,
    body: JSON.stringify({ error: "invalid_grant", error_description: description }),
  });
  if (!claims || typeof claims.iss !== "string") return refuse("Invalid grant: malformed JWT assertion.");
  if (context.behaviour.rejectClientEmails.includes(claims.iss)) return refuse("Invalid JWT Signature.");
  if (typeof claims.scope !== "string" || !/firebase\.messaging|cloud-platform/.test(claims.scope))
    return refuse("Invalid OAuth scope or ID token audience provided.");
  const accessToken = `${accessTokenPrefix}${randomBytes(24).toString("base64url")}`;
  context.records.tokenGranted();
  return { status: 200, body: JSON.stringify({ access_token: accessToken, expires_in: 3599, token_type: "Bearer" }) };
}

// Routes one Google request; records the error code of every non-200 answer.
export function handleGoogleRequest(
  context: SendContext,
  method: string,
  path: string,
  authorization: string | undefined,
  body: Buffer,
): Reply {
  const send = method === "POST" ? sendPath.exec(path) : null;
  const outage = outageAt(context.behaviour);
  if (outage && (send || tokenPaths.has(path))) {
    // Counted as received (the request reached the fake) but never accepted.
    if (send) context.records.received(null, decodeURIComponent(send[1]!), null, 0);
    context.records.answered(outage.mode === "reset" ? "RESET" : "UNAVAILABLE");
    return outage.mode === "reset" ? "reset" : faultAnswer("UNAVAILABLE");
  }
  let reply: Reply;
  if (send) reply = sendMessage(context, decodeURIComponent(send[1]!), authorization, body);
  else if (method === "POST" && tokenPaths.has(path)) return grantToken(context, body);
  else reply = notFoundAnswer(path);
  if (reply === "reset") return reply;
  if (reply === "hang") context.records.answered("HANG");
  else if (reply.code) context.records.answered(reply.code);
  return reply;
}
