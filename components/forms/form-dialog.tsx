"use client";
// The frame of every form in a dialog: the form's refusal on top, its fields, then Cancel and the
// submit button. The caller keeps the open state and the submission (see useFormAction).
import { useTranslations } from "next-intl";
import type { FormEvent, ReactNode, Ref } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { cn } from "@/lib/cn";

interface FormDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  // What Cancel does (usually closing without resetting anything).
  onCancel: () => void;
  trigger?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  formRef?: Ref<HTMLFormElement>;
  // The whole form's refusal, shown above the fields.
  error: string | null;
  submitLabel: ReactNode;
  submitVariant?: "primary" | "danger";
  submitDisabled: boolean;
  // Extra classes of the button row (e.g. more space above it).
  footerClassName?: string;
  children: ReactNode;
}

// A dialog holding one form; the browser's own validation is off (the server's errors are shown).
export function FormDialog({ open, onOpenChange, onCancel, trigger, title, description, onSubmit, formRef, error, submitLabel, submitVariant = "primary", submitDisabled, footerClassName, children }: FormDialogProps) {
  const common = useTranslations("common");
  return (
    <Dialog open={open} onOpenChange={onOpenChange} trigger={trigger} title={title} description={description} closeLabel={common("close")}>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
        {error ? <Alert tone="error">{error}</Alert> : null}
        {children}
        <div className={cn("flex justify-end gap-2", footerClassName)}>
          <Button variant="secondary" onClick={onCancel}>{common("cancel")}</Button>
          <Button type="submit" variant={submitVariant} disabled={submitDisabled}>{submitLabel}</Button>
        </div>
      </form>
    </Dialog>
  );
}
