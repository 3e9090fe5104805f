"use client";
// The frame of every form in a dialog: the form's refusal on top, its fields, then Cancel and the
// submit button; and useFormDialog, the open state and submission most such dialogs share.
import { useTranslations } from "next-intl";
import { useState, type FormEvent, type ReactNode, type Ref } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/action-result";
import { cn } from "@/lib/cn";
import { useFormAction } from "./use-form-action";

// A form's submission as the dialog shows it: the last result, whether it runs, and the submit handler.
export interface DialogForm {
  result: ActionResult<unknown>;
  pending: boolean;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
}

// What useFormDialog hands to FormDialog.
export interface FormDialogState {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCancel: () => void;
  form: DialogForm;
}

interface FormDialogProps extends FormDialogState {
  trigger?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  formRef?: Ref<HTMLFormElement>;
  // The whole form's refusal in words (null for nothing to show).
  errorText: (result: ActionResult<unknown>) => string | null;
  submitLabel: ReactNode;
  // The submit button's text while the form is sent (default: the submit label).
  pendingLabel?: ReactNode;
  submitVariant?: "primary" | "danger";
  // Keeps the submit button off besides while the form is sent.
  submitBlocked?: boolean;
  // Extra classes of the button row (e.g. more space above it).
  footerClassName?: string;
  children: ReactNode;
}

// A dialog holding one form; the browser's own validation is off (the server's errors are shown).
export function FormDialog({
  open,
  onOpenChange,
  onCancel,
  form,
  trigger,
  title,
  description,
  formRef,
  errorText,
  submitLabel,
  pendingLabel,
  submitVariant = "primary",
  submitBlocked = false,
  footerClassName,
  children,
}: FormDialogProps) {
  const common = useTranslations("common");
  const error = errorText(form.result);
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      trigger={trigger}
      title={title}
      description={description}
      closeLabel={common("close")}
    >
      <form ref={formRef} onSubmit={form.onSubmit} noValidate className="space-y-4">
        {error ? <Alert tone="error">{error}</Alert> : null}
        {children}
        <div className={cn("flex justify-end gap-2", footerClassName)}>
          <Button variant="secondary" onClick={onCancel}>
            {common("cancel")}
          </Button>
          <Button type="submit" variant={submitVariant} disabled={form.pending || submitBlocked}>
            {form.pending && pendingLabel ? pendingLabel : submitLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

// A form dialog's state around a server action: it closes when the action succeeds (then `onSuccess`
// runs), forgets the last refusal when the user closes it, and Cancel closes it as it is.
export function useFormDialog<R>(
  action: (form: FormData) => Promise<ActionResult<R>>,
  onSuccess?: (data: R, form: HTMLFormElement) => void,
  onOpen?: () => void,
) {
  const [open, setOpen] = useState(false);
  const form = useFormAction(action, (data, element) => {
    setOpen(false);
    onSuccess?.(data, element);
  });
  const dialog: FormDialogState = {
    open,
    onOpenChange: (next) => {
      setOpen(next);
      if (next) onOpen?.();
      else form.reset();
    },
    onCancel: () => setOpen(false),
    form,
  };
  return { ...form, dialog };
}
