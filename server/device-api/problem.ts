// RFC 9457 problem details for the public device API: one error class, stable type slugs, the
// `application/problem+json` response builder used by every /api/v1 route, and problemFor, the one
// place where the domains' errors (server/errors.ts) become problems.
import { z } from "zod";
import { TooManyError, UserError, ValidationError, zodFieldIssues, type FieldIssue } from "@/server/errors";

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
  "invalid-receipt": { status: 400, title: "The vendor receipt is malformed" },
  "invalid-signature": { status: 401, title: "The vendor's signature or credentials are wrong" },
  "forbidden-receipt-url": { status: 403, title: "This receipt URL is not valid for the app" },
  "not-found": { status: 404, title: "Not found" },
  conflict: { status: 409, title: "A concurrent request changed the same resource" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  "rate-limited": { status: 429, title: "Too many requests" },
  "too-many-tags": { status: 422, title: "A device can carry at most 100 tags" },
  "internal-error": { status: 500, title: "Internal server error" },
} as const;

export type ProblemSlug = keyof typeof problemTypes;

const problemTypeUris = Object.keys(problemTypes).map((slug) => problemBase + slug) as [string, ...string[]];

// The problem+json body (ProblemBody) as a zod schema, for the OpenAPI document.
export const problemBodySchema = z
  .object({
    type: z.enum(problemTypeUris).meta({ format: "uri" }),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string().meta({ example: "tags.3" }), message: z.string() })).optional(),
  })
  .meta({ description: "RFC 9457 problem details." });

// One failing field in a problem's `errors` list.
export type ProblemFieldError = FieldIssue;

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
    return {
      type: problemBase + this.slug,
      title,
      status,
      detail: this.detail,
      ...(this.errors?.length ? { errors: this.errors } : {}),
    };
  }
}

// The problem+json response for a problem (extra headers such as Retry-After included).
export function problemResponse(problem: ApiProblem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem.toBody()), {
    status: problem.status,
    headers: {
      "Content-Type": "application/problem+json",
      "Cache-Control": "no-store",
      ...headers,
      ...problem.headers,
    },
  });
}

// A 422 invalid-body problem for a failed zod parse.
export function invalidBody(error: z.ZodError): ApiProblem {
  const errors = zodFieldIssues(error);
  const fields = [...new Set(errors.map((e) => e.path || "(body)"))].join(", ");
  return new ApiProblem("invalid-body", `The request body has invalid fields: ${fields}.`, errors);
}

// The problem type for a domain error: its code when that is a problem slug, else by its status.
const slugByStatus: Partial<Record<number, ProblemSlug>> = {
  404: "not-found",
  413: "payload-too-large",
  415: "unsupported-media-type",
  422: "invalid-body",
  429: "rate-limited",
};

function isProblemSlug(code: string | undefined): code is ProblemSlug {
  return code !== undefined && Object.hasOwn(problemTypes, code);
}

// The problem to answer for a thrown error: ApiProblems as they are, server/errors.ts errors mapped
// (slug from the code, else invalid-body for a ValidationError, else from the status; field issues
// as `errors`; Retry-After for TooManyError); null for anything else, which is a bug and answered
// as internal-error.
export function problemFor(error: unknown): ApiProblem | null {
  if (error instanceof ApiProblem) return error;
  if (!(error instanceof UserError)) return null;
  // A ValidationError that names no input is about the request body.
  const fallback = error instanceof ValidationError ? "invalid-body" : slugByStatus[error.status];
  const slug = isProblemSlug(error.code) ? error.code : fallback;
  if (!slug) return null;
  const errors = error instanceof ValidationError ? error.issues : undefined;
  const headers = error instanceof TooManyError ? { "Retry-After": String(error.retryAfterSeconds) } : undefined;
  return new ApiProblem(slug, error.message, errors, headers);
}
