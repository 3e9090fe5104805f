// The one server-action wrapper: session -> permission -> zod -> handler (with audit) -> errors.
// Every "use server" function in server/<domain>/actions.ts is built with it. A refusal (no session,
// no permission, bad input, a domain's UserError) is logged as one line without a stack; a fault keeps
// its stack; both rate-limited (server/log-limit.ts).
import "server-only";
import { z } from "zod";
import { can, type Permission } from "@/lib/permissions";
import type { ActionResult } from "@/lib/action-result";
import { controlCharacterPaths } from "@/lib/text/control-characters";
import { getCurrentUser, type StaffUser } from "@/server/auth/session";
import { ForbiddenError, fromPrismaError, UserError, type FieldErrors } from "@/server/errors";
import { logFault, logRefusal } from "@/server/log-limit";

export interface ActionContext {
  user: StaffUser;
}

// FormData becomes a plain object; repeated keys become arrays; empty strings are kept for zod.
export function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = form.getAll(key).filter((v) => typeof v === "string");
    out[key] = values.length > 1 || key.endsWith("[]") ? values : values[0];
  }
  return out;
}

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

interface ActionConfig<S extends z.ZodType> {
  name: string;
  permission: Permission | ((input: z.output<S>) => Permission);
  input: S;
}

export type ServerAction<S extends z.ZodType, R> = ((raw: z.input<S> | FormData) => Promise<ActionResult<R>>) & {
  // The same pipeline for a given user instead of the request's session: server-internal only
  // (tests, scripts); the browser can only reach the action itself.
  runAs: (user: StaffUser | null, raw: unknown) => Promise<ActionResult<R>>;
  actionName: string;
};

// Every defined action, so a test can walk each role against each action.
export const actionRegistry = new Map<string, { permission: ActionConfig<z.ZodType>["permission"] }>();

export function defineAction<S extends z.ZodType, R>(
  config: ActionConfig<S>,
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<R>,
): ServerAction<S, R> {
  actionRegistry.set(config.name, { permission: config.permission as ActionConfig<z.ZodType>["permission"] });
  const refused = (result: Extract<ActionResult<R>, { ok: false }>): ActionResult<R> => {
    const level = result.status === 401 || result.status === 403 ? "warn" : "info";
    logRefusal(
      `action:${result.status}`,
      { action: config.name, status: result.status },
      "server action refused",
      level,
    );
    return result;
  };
  const run = async (user: StaffUser | null, raw: unknown): Promise<ActionResult<R>> => {
    try {
      if (!user || user.disabled)
        return refused({ ok: false, status: 401, message: "Your session has ended. Sign in again." });
      // A fixed permission is checked before the input is even read; one that depends on the
      // input (a campaign's type, say) right after parsing.
      if (typeof config.permission === "string" && !can(user, config.permission)) throw new ForbiddenError();
      const input = raw instanceof FormData ? formDataToObject(raw) : raw;
      // NUL cannot be stored and no field needs the other control characters: a field error, not a 500.
      const control = controlCharacterPaths(input);
      if (control.length > 0) {
        return refused({
          ok: false,
          status: 400,
          message: "Please correct the highlighted fields.",
          fieldErrors: Object.fromEntries(control.map((path) => [path || "form", ["controlCharacters"]])),
        });
      }
      const parsed = config.input.safeParse(input);
      if (!parsed.success) {
        return refused({
          ok: false,
          status: 400,
          message: "Please correct the highlighted fields.",
          fieldErrors: zodFieldErrors(parsed.error),
        });
      }
      if (typeof config.permission === "function" && !can(user, config.permission(parsed.data)))
        throw new ForbiddenError();
      return { ok: true, data: await handler(parsed.data, { user }) };
    } catch (error) {
      const known = error instanceof UserError ? error : fromPrismaError(error);
      if (known)
        return refused({
          ok: false,
          status: known.status,
          message: known.message,
          fieldErrors: known.fieldErrors,
          ...(known.code ? { code: known.code } : {}),
        });
      logFault(`action:${config.name}`, error, { action: config.name }, "server action failed");
      return { ok: false, status: 500, message: "Something went wrong. Nothing was changed; please try again." };
    }
  };
  const action = async (raw: z.input<S> | FormData) => run(await getCurrentUser(), raw);
  return Object.assign(action, { runAs: run, actionName: config.name });
}
