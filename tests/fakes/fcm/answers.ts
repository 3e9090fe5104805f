// The HTTP answers of FCM v1, shaped as Google sends them: google.rpc.Status JSON with an FcmError
// detail carrying the FCM error code (what firebase-admin reads first), plus Retry-After where FCM sends it.
import type { FakeFault } from "./behaviour";

const fcmErrorType = "type.googleapis.com/google.firebase.fcm.v1.FcmError";
const badRequestType = "type.googleapis.com/google.rpc.BadRequest";

export interface FakeAnswer {
  status: number;
  body: string;
  // The error code the fake counts this answer under (FCM's code, BAD_REQUEST, NOT_FOUND); none for 200.
  code?: string;
  retryAfter?: boolean;
}

interface ErrorShape {
  http: number;
  status: string;
  message: string;
  fcmCode?: string;
}

const shapes: Record<Exclude<FakeFault, "HANG">, ErrorShape> = {
  UNREGISTERED: { http: 404, status: "NOT_FOUND", message: "Requested entity was not found.", fcmCode: "UNREGISTERED" },
  INVALID_ARGUMENT: {
    http: 400,
    status: "INVALID_ARGUMENT",
    message: "The registration token is not a valid FCM registration token",
    fcmCode: "INVALID_ARGUMENT",
  },
  QUOTA_EXCEEDED: {
    http: 429,
    status: "RESOURCE_EXHAUSTED",
    message: "Quota exceeded for quota metric 'Send messages' and limit 'Send messages per minute'.",
    fcmCode: "QUOTA_EXCEEDED",
  },
  UNAVAILABLE: {
    http: 503,
    status: "UNAVAILABLE",
    message: "The service is currently unavailable.",
    fcmCode: "UNAVAILABLE",
  },
  INTERNAL: { http: 500, status: "INTERNAL", message: "Internal error encountered.", fcmCode: "INTERNAL" },
  SENDER_ID_MISMATCH: {
    http: 403,
    status: "PERMISSION_DENIED",
    message: "SenderId mismatch",
    fcmCode: "SENDER_ID_MISMATCH",
  },
  THIRD_PARTY_AUTH_ERROR: {
    http: 401,
    status: "UNAUTHENTICATED",
    message: "Auth error from APNS or Web Push Service",
    fcmCode: "THIRD_PARTY_AUTH_ERROR",
  },
  // What Google answers for a missing or unknown bearer token: no FcmError detail.
  UNAUTHENTICATED: {
    http: 401,
    status: "UNAUTHENTICATED",
    message:
      "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid " +
      "authentication credential.",
  },
};

const cache = new Map<FakeFault, FakeAnswer>();

// The answer for a fault (never HANG: the server simply does not answer those).
export function faultAnswer(fault: Exclude<FakeFault, "HANG">): FakeAnswer {
  const cached = cache.get(fault);
  if (cached) return cached;
  const shape = shapes[fault];
  const details = shape.fcmCode ? [{ "@type": fcmErrorType, errorCode: shape.fcmCode }] : undefined;
  const body = JSON.stringify({
    error: { code: shape.http, message: shape.message, status: shape.status, ...(details ? { details } : {}) },
  });
  const answer = {
    status: shape.http,
    body,
    code: fault,
    retryAfter: fault === "QUOTA_EXCEEDED" || fault === "UNAVAILABLE",
  };
  cache.set(fault, answer);
  return answer;
}

// 400 for a request that is not a valid v1 send request (bad JSON, unknown field, wrong type, too big).
export function invalidRequestAnswer(field: string, description: string): FakeAnswer {
  const body = JSON.stringify({
    error: {
      code: 400,
      message: description,
      status: "INVALID_ARGUMENT",
      details: [
        { "@type": fcmErrorType, errorCode: "INVALID_ARGUMENT" },
        { "@type": badRequestType, fieldViolations: [{ field, description }] },
      ],
    },
  });
  return { status: 400, body, code: "BAD_REQUEST" };
}

// 404 for any path that is not a known FCM endpoint.
export function notFoundAnswer(path: string): FakeAnswer {
  return {
    status: 404,
    code: "NOT_FOUND",
    body: JSON.stringify({
      error: { code: 404, message: `The requested URL ${path} was not found on this server.`, status: "NOT_FOUND" },
    }),
  };
}
