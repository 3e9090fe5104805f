"use client";
// A dialog that asks before running one server action (delete, disable, rotate...): it shows the
// action's refusal inside and closes when the action succeeds.
import { useTranslations } from "next-intl";
import { useState, useTransition, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { idleResult, type ActionResult } from "@/lib/action-result";

interface ConfirmDialogProps<T> {
  trigger: ReactNode;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: ReactNode;
  // Shown on the confirm button while the action runs (default: the confirm label).
  pendingLabel?: ReactNode;
  // A red confirm button, for what cannot be undone.
  danger?: boolean;
  run: () => Promise<ActionResult<T>>;
  // The refusal in words (null for nothing to show).
  errorText: (result: ActionResult<T>) => string | null;
  // Called with the action's data once it succeeded and the dialog closed.
  onDone?: (data: T) => void;
}

// Confirm / Cancel around one action; each opening starts without the last refusal.
export function ConfirmDialog<T>({ trigger, title, description, confirmLabel, pendingLabel, danger = false, run, errorText, onDone }: ConfirmDialogProps<T>) {
  const common = useTranslations("common");
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<ActionResult<T>>(idleResult);
  const [pending, start] = useTransition();
  const error = errorText(result);
  const confirm = () =>
    start(async () => {
      const next = await run();
      setResult(next);
      if (!next.ok) return;
      setOpen(false);
      onDone?.(next.data);
    });
  return (
    <Dialog open={open} onOpenChange={(next) => { setOpen(next); setResult(idleResult); }} trigger={trigger} title={title} description={description} closeLabel={common("close")}>
      {error ? <Alert tone="error" className="mb-4">{error}</Alert> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={() => setOpen(false)}>{common("cancel")}</Button>
        <Button variant={danger ? "danger" : "primary"} disabled={pending} onClick={confirm}>{pending && pendingLabel ? pendingLabel : confirmLabel}</Button>
      </div>
    </Dialog>
  );
}
