// RFC 9457 problem details for the public device API: one error class, stable type slugs, and the
// `application/problem+json` response builder used by every /api/v1 route.
import type { z } from "zod";

export const problemBase = "https://herald.dev/problems/";

// Every problem type the API can answer with, with its HTTP status and title. Slugs are stable.
export const problemTypes = {
  "invalid-body": { status: 422, title: "The request body is invalid" },
  "invalid-parameter": { status: 400, title: "A path parameter is invalid" },
  "invalid-query": { status: 400, title: "A query parameter is invalid" },
  "malformed-json": { status: 400, title: "The request body is not valid JSON" },
  "unsupported-media-type": { status: 415, title: "The request body must be application/json" },
  "payload-too-large": { status: 413, title: "The request body is too large" },
  "invalid-batch": { status: 400, title: "The request body is not an event batch" },
  "too-many-events": { status: 413, title: "The batch holds too many events" },
  unauthorized: { status: 401, title: "A valid API key is required" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  "rate-limited": { status: 429, title: "Too many requests" },
  "too-many-tags": { status: 422, title: "A device can carry at most 100 tags" },
  "internal-error": { status: 500, title: "Internal server error" },
} as const;

export type ProblemSlug = keyof typeof problemTypes;

export interface ProblemFieldError {
  path: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: ProblemFieldError[];
}

// Thrown anywhere below a route handler; apiRoute turns it into a problem+json response.
export class ApiProblem extends Error {
  constructor(
    readonly slug: ProblemSlug,
    readonly detail: string,
    readonly errors?: ProblemFieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = "ApiProblem";
  }

  get status(): number {
    return problemTypes[this.slug].status;
  }

  toBody(): ProblemBody {
    const { status, title } = problemTypes[this.slug];
    return { type: problemBase + this.slug, title, status, detail: this.detail, ...(this.errors?.length ? { errors: this.errors } : {}) };
  }
}

// The problem+json response for a problem (extra headers such as Retry-After included).
export function problemResponse(problem: ApiProblem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem.toBody()), {
    status: problem.status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", ...headers, ...problem.headers },
  });
}

// Zod issues as field errors with dotted paths ("tags.3"); unknown keys are reported one per key.
export function zodProblemErrors(error: z.ZodError): ProblemFieldError[] {
  const out: ProblemFieldError[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push({ path: base ? `${base}.${key}` : key, message: "Unknown field" });
    } else {
      out.push({ path: base, message: issue.message });
    }
  }
  return out;
}

// A 422 invalid-body problem for a failed zod parse.
export function invalidBody(error: z.ZodError): ApiProblem {
  const errors = zodProblemErrors(error);
  const fields = [...new Set(errors.map((e) => e.path || "(body)"))].join(", ");
  return new ApiProblem("invalid-body", `The request body has invalid fields: ${fields}.`, errors);
}
