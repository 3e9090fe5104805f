"use client";
// A button that asks before running one server action (delete, disable, rotate...): the dialog shows
// the action's refusal inside and closes when the action succeeds.
import type { LucideIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, useTransition, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { idleResult, type ActionResult } from "@/lib/action-result";

// The texts of the opening button and of the dialog.
export interface ConfirmTexts {
  button: ReactNode;
  // The button's accessible name where its text alone is ambiguous in a list ("Delete Spring sale").
  label?: string;
  title: ReactNode;
  body: ReactNode;
  confirm: ReactNode;
  // The confirm button's text while the action runs (default: its usual text).
  pending?: ReactNode;
}

// Texts from one section of messages with the keys button, label, title, body and confirm, where
// label and title name the item ({name}); e.g. "segments.delete".
export function sectionConfirmTexts(
  t: (key: string, values?: Record<string, string>) => string,
  name: string,
): ConfirmTexts {
  return {
    button: t("button"),
    label: t("label", { name }),
    title: t("title", { name }),
    body: t("body"),
    confirm: t("confirm"),
  };
}

const buttonStyles = {
  // A small quiet button in a table row or a card.
  row: { size: "sm", variant: "ghost", className: undefined },
  // The same in red, for removing or disabling.
  rowDanger: { size: "sm", variant: "ghost", className: "text-red-700 hover:bg-red-50" },
  // A regular secondary button.
  secondary: { size: "md", variant: "secondary", className: undefined },
} as const;

interface ConfirmDialogProps<T> {
  icon: LucideIcon;
  texts: ConfirmTexts;
  buttonStyle?: keyof typeof buttonStyles;
  // A red confirm button, for what cannot be undone.
  danger?: boolean;
  run: () => Promise<ActionResult<T>>;
  // The refusal in words (null for nothing to show).
  errorText: (result: ActionResult<T>) => string | null;
  // Called with the action's data once it succeeded and the dialog closed.
  onDone?: (data: T) => void;
}

// The opening button and the Confirm / Cancel dialog; each opening starts without the last refusal.
export function ConfirmDialog<T>({
  icon: Icon,
  texts,
  buttonStyle = "row",
  danger = false,
  run,
  errorText,
  onDone,
}: ConfirmDialogProps<T>) {
  const common = useTranslations("common");
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<ActionResult<T>>(idleResult);
  const [pending, start] = useTransition();
  const error = errorText(result);
  const style = buttonStyles[buttonStyle];
  const confirm = () =>
    start(async () => {
      const next = await run();
      setResult(next);
      if (!next.ok) return;
      setOpen(false);
      onDone?.(next.data);
    });
  const trigger = (
    <Button size={style.size} variant={style.variant} className={style.className} aria-label={texts.label}>
      <Icon className="size-4" aria-hidden />
      {texts.button}
    </Button>
  );
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setResult(idleResult);
      }}
      trigger={trigger}
      title={texts.title}
      description={texts.body}
      closeLabel={common("close")}
    >
      {error ? (
        <Alert tone="error" className="mb-4">
          {error}
        </Alert>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={() => setOpen(false)}>
          {common("cancel")}
        </Button>
        <Button variant={danger ? "danger" : "primary"} disabled={pending} onClick={confirm}>
          {pending && texts.pending ? texts.pending : texts.confirm}
        </Button>
      </div>
    </Dialog>
  );
}
