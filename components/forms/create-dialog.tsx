"use client";
// The "New ..." dialog of a list page (apps, users): its button and texts come from "<namespace>.create"
// (button, title, description, submit, submitting); the fields are the children.
import type { LucideIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/action-result";
import { FormDialog, type FormDialogState } from "./form-dialog";

interface Props {
  namespace: "apps" | "users";
  icon: LucideIcon;
  // From useFormDialog.
  dialog: FormDialogState;
  errorText: (result: ActionResult<unknown>) => string | null;
  children: ReactNode;
}

// A primary button that opens the create form.
export function CreateDialog({ namespace, icon: Icon, dialog, errorText, children }: Props) {
  const t = useTranslations(`${namespace}.create`);
  return (
    <FormDialog
      {...dialog}
      trigger={
        <Button>
          <Icon className="size-4" aria-hidden />
          {t("button")}
        </Button>
      }
      title={t("title")}
      description={t("description")}
      errorText={errorText}
      submitLabel={t("submit")}
      pendingLabel={t("submitting")}
      footerClassName="pt-2"
    >
      {children}
    </FormDialog>
  );
}
