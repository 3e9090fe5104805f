"use client";
// A red "Delete" button for a row that asks first; its texts are "<namespace>.delete.*" (button,
// label, title, body, confirm) naming the item, and the refusal reads by the namespace's rules.
import { Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/action-result";
import { ConfirmDialog, sectionConfirmTexts } from "./confirm-dialog";
import { useActionResultText, type ResultTextRules } from "./result-text";

interface Props<T> {
  namespace: "segments" | "templates";
  // The item's name, in the button's accessible name and the dialog's title.
  name: string;
  rules: ResultTextRules;
  run: () => Promise<ActionResult<T>>;
  onDone?: (data: T) => void;
}

// Delete, confirmed; the dialog closes once the item is gone.
export function DeleteButton<T>({ namespace, name, rules, run, onDone }: Props<T>) {
  const t = useTranslations(`${namespace}.delete`);
  const text = useActionResultText(namespace, rules);
  return (
    <ConfirmDialog
      icon={Trash2}
      texts={sectionConfirmTexts(t, name)}
      buttonStyle="rowDanger"
      danger
      run={run}
      errorText={text.formError}
      onDone={onDone}
    />
  );
}
