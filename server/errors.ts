// Expected failures carry a message meant for the user; anything else is a bug and is logged.
import "server-only";
import { Prisma } from "@/server/generated/prisma/client";

export type FieldErrors = Record<string, string[]>;

// `code` names the failure for the browser (which words it shows in the user's language); the
// message stays the server's own, for logs, the API and a client that knows no code.
export class UserError extends Error {
  constructor(message: string, readonly fieldErrors?: FieldErrors, readonly status = 400, readonly code?: string) {
    super(message);
    this.name = "UserError";
  }
}

export class NotFoundError extends UserError {
  constructor(what: string) {
    super(`${what} not found`, undefined, 404);
    this.name = "NotFoundError";
  }
}

export class ForbiddenError extends UserError {
  constructor(message = "You do not have permission to do that.", code?: string) {
    super(message, undefined, 403, code);
    this.name = "ForbiddenError";
  }
}

// Prisma's unique and not-found errors become domain errors naming the field.
export function fromPrismaError(error: unknown, what = "Record"): UserError | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return null;
  if (error.code === "P2002") {
    const target = (error.meta?.target as string[] | string | undefined) ?? [];
    const fields = (Array.isArray(target) ? target : [target]).filter((f) => f !== "appId");
    const field = fields[0] ?? "form";
    return new UserError(`${what} with this ${field} already exists.`, { [field]: ["Already in use."] }, 409);
  }
  if (error.code === "P2025") return new NotFoundError(what);
  return null;
}
