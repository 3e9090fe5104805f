// Expected failures carry a message meant for the user; anything else is a bug and is logged.
// Domain code throws these; the server-action wrapper (server/action.ts) and the device API
// (server/device-api/problem.ts, problemFor) each turn them into their own kind of answer.
import "server-only";
import type { z } from "zod";
import { Prisma } from "@/server/generated/prisma/client";

export type FieldErrors = Record<string, string[]>;

// `code` names the failure for the browser (which words it shows in the user's language); the
// message stays the server's own, for logs, the API and a client that knows no code.
export class UserError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: FieldErrors,
    readonly status = 400,
    readonly code?: string,
  ) {
    super(message);
    this.name = "UserError";
  }
}

// Something the caller named does not exist (for it). `message` replaces the default wording.
export class NotFoundError extends UserError {
  constructor(what: string, message = `${what} not found`) {
    super(message, undefined, 404);
    this.name = "NotFoundError";
  }
}

// The caller may not do this.
export class ForbiddenError extends UserError {
  constructor(message = "You do not have permission to do that.", code?: string) {
    super(message, undefined, 403, code);
    this.name = "ForbiddenError";
  }
}

// The change would clash with something that exists (a unique name, a used key).
export class ConflictError extends UserError {
  constructor(message: string, fieldErrors?: FieldErrors, code?: string) {
    super(message, fieldErrors, 409, code);
    this.name = "ConflictError";
  }
}

// One failing field: its dotted path ("tags.3"; "" for the input as a whole) and what is wrong.
export interface FieldIssue {
  path: string;
  message: string;
}

// Input that failed validation, with every failing field in the order found. `code` names which
// input failed (the device API answers it as its problem type, e.g. "invalid-query").
export class ValidationError extends UserError {
  constructor(
    message: string,
    readonly issues: FieldIssue[],
    code?: string,
    status = 400,
  ) {
    super(message, groupIssues(issues), status, code);
    this.name = "ValidationError";
  }
}

// Too many at once (waiting requests, calls): the caller may retry after `retryAfterSeconds`.
export class TooManyError extends UserError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    code?: string,
  ) {
    super(message, undefined, 429, code);
    this.name = "TooManyError";
  }
}

// Issues grouped by field. A Map, not an object: a path may be any key a client sent ("valueOf",
// "__proto__"), and Object.fromEntries defines each one as a plain own property.
function groupIssues(issues: FieldIssue[]): FieldErrors {
  const grouped = new Map<string, string[]>();
  for (const { path, message } of issues) {
    const key = path || "form";
    const list = grouped.get(key);
    if (list) list.push(message);
    else grouped.set(key, [message]);
  }
  return Object.fromEntries(grouped);
}

// Zod issues as field issues with dotted paths ("tags.3"); unknown keys are reported one per key.
export function zodFieldIssues(error: z.ZodError): FieldIssue[] {
  const out: FieldIssue[] = [];
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

// Prisma's unique and not-found errors become domain errors naming the field.
export function fromPrismaError(error: unknown, what = "Record"): UserError | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return null;
  if (error.code === "P2002") {
    const target = (error.meta?.target as string[] | string | undefined) ?? [];
    const fields = (Array.isArray(target) ? target : [target]).filter((f) => f !== "appId");
    const field = fields[0] ?? "form";
    return new ConflictError(`${what} with this ${field} already exists.`, { [field]: ["Already in use."] });
  }
  if (error.code === "P2025") return new NotFoundError(what);
  return null;
}

// Whether Prisma refused a write for a unique index (two saves of the same name or key raced).
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

// A `.catch` handler that reports a unique-index refusal as the error `toError` makes (the same one
// the check before the write throws) and rethrows anything else.
export function uniqueAs(toError: () => Error): (error: unknown) => never {
  return (error) => {
    throw isUniqueViolation(error) ? toError() : error;
  };
}
