"use client";
// The composer's state: the draft, which fields were visited, whether a save was tried, the last
// server answer, and from those the errors to show. Client errors appear once a field was left
// (or after a save attempt); server errors until the draft changes again.
import { useMemo, useState } from "react";
import { idleResult, type ActionResult } from "@/lib/action-result";
import type { ComposerDraft } from "@/lib/campaigns/draft";
import { useComposerErrorText } from "./error-text";
import { expressionParseKey, hasErrorsUnder, validateDraft, type FieldErrorMap } from "./validate";

export function useComposerState(initial: ComposerDraft) {
  const [draft, setDraft] = useState(initial);
  const [dirty, setDirty] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [server, setServer] = useState<ActionResult<unknown>>(idleResult);
  const text = useComposerErrorText();
  // Validated against the clock too: a time that passes while the form is open becomes an error.
  const clientErrors = useMemo(() => validateDraft(draft, new Date()), [draft]);
  const visible = useMemo(() => {
    const serverErrors: FieldErrorMap = !server.ok && server.fieldErrors ? server.fieldErrors : {};
    const out: FieldErrorMap = {};
    for (const [key, messages] of Object.entries(clientErrors)) {
      const seen =
        attempted || touched.has(key) || [...touched].some((t) => t.startsWith(`${key}.`) || key.startsWith(`${t}.`));
      if (seen) out[key] = messages;
    }
    for (const [key, messages] of Object.entries(serverErrors))
      out[key] = [...new Set([...(out[key] ?? []), ...messages])];
    return out;
  }, [clientErrors, server, attempted, touched]);

  return {
    draft,
    dirty,
    clientErrors,
    visible,
    server,
    setServer,
    attempted,
    setAttempted,
    update(change: (draft: ComposerDraft) => ComposerDraft) {
      setDraft(change);
      setDirty(true);
      // The server judged the previous draft; the shared rules keep judging the new one in the browser.
      setServer((current) => (current.ok || current.status === 0 ? current : idleResult));
    },
    touch(name: string) {
      if (name && !touched.has(name)) setTouched(new Set([...touched, name]));
    },
    // Translated errors for one field (the expression's parse problem is shown by the field itself).
    errors(key: string): string[] | undefined {
      const messages = key === expressionParseKey ? undefined : visible[key];
      return messages?.length ? messages.map(text) : undefined;
    },
    flagged: (prefix: string) => hasErrorsUnder(visible, prefix),
  };
}
