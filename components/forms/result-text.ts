"use client";
// Turns an ActionResult into text in the user's language, for every kind of action: a field's
// error codes are message keys under "<namespace>.errors" (a code with no key is shown as it is),
// and the whole form's message follows the action's rules (a key per status, and so on); anything
// the rules do not name falls back to the generic message, or to the server's words.
import { useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/action-result";

// A refused action's result.
export type FailedResult = Extract<ActionResult, { ok: false }>;

// Translates a key of the hook's namespace (values fill its placeholders).
export type KeyText = ((key: string, values?: Record<string, string | number>) => string) & {
  has: (key: string) => boolean;
};

// How one kind of action's failures read. Keys are relative to the hook's namespace.
export interface ResultTextRules {
  // Looked at first: a text, null for "show nothing", undefined to go on with the rules below.
  first?: (result: FailedResult, t: KeyText) => string | null | undefined;
  // Errors on the "form" field are the whole form's message.
  formErrors?: boolean;
  // Key shown when fields have errors (each field shows its own); without it the status decides.
  fixFields?: string;
  // Key by HTTP status; a function picks one from the result's code or message.
  status: Partial<Record<number, string | ((result: FailedResult) => string)>>;
  // A failure below 500 no rule names shows the server's own words instead of the generic message.
  serverWords?: boolean;
  // One field error code in words (default: "errors.<code>" when the namespace has it, else the code).
  code?: (code: string, t: KeyText) => string;
}

// The rules of the settings forms (apps, users): form errors, "fix the fields", and the common refusals.
export const formResultRules: ResultTextRules = {
  formErrors: true,
  fixFields: "errors.fixFields",
  status: { 401: "errors.signedOut", 403: "errors.forbidden", 404: "errors.notFound" },
};

const isFailure = (result: ActionResult): result is FailedResult => !result.ok && result.status !== 0;

// The texts of one kind of action's results: `fieldErrors` for under a field, `formError` for the whole form.
export function useActionResultText(
  namespace: "apps" | "users" | "segments" | "templates" | "campaigns",
  rules: ResultTextRules,
) {
  const t = useTranslations(namespace) as unknown as KeyText;
  const common = useTranslations("common");
  // A code the namespace does not name may be one every form shares (common.fieldErrors: control characters).
  const shared = common as unknown as KeyText;
  const text = (code: string) =>
    rules.code
      ? rules.code(code, t)
      : t.has(`errors.${code}`)
        ? t(`errors.${code}`)
        : shared.has(`fieldErrors.${code}`)
          ? shared(`fieldErrors.${code}`)
          : code;
  return {
    // Translated errors under a field; with `onlyCodes`, errors that are not a known code (a parser's message) are
    // left out.
    fieldErrors(result: ActionResult, field: string, onlyCodes = false): string[] | undefined {
      if (result.ok || !result.fieldErrors?.[field]) return undefined;
      const codes = onlyCodes
        ? result.fieldErrors[field].filter((code) => t.has(`errors.${code}`))
        : result.fieldErrors[field];
      return codes.length ? codes.map(text) : undefined;
    },
    // The message for the whole form (null while idle, on success, or when the rules say nothing shows).
    formError(result: ActionResult): string | null {
      if (!isFailure(result)) return null;
      const first = rules.first?.(result, t);
      if (first !== undefined) return first;
      const form = result.fieldErrors?.form;
      if (rules.formErrors && form?.length) return form.map(text).join(" ");
      if (rules.fixFields && result.fieldErrors && Object.keys(result.fieldErrors).length) return t(rules.fixFields);
      const key = rules.status[result.status];
      if (key) return t(typeof key === "function" ? key(result) : key);
      if (rules.serverWords && result.status < 500) return result.message;
      return common("genericError");
    },
  };
}
