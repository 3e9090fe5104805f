"use client";
// Per-user controls: edit name and role, disable / enable, reset the password (shown once).
import { KeyRound, Pencil, UserCheck, UserX } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { FormDialog } from "@/components/forms/form-dialog";
import { OneTimeSecret } from "@/components/forms/one-time-secret";
import { formResultRules, useActionResultText } from "@/components/forms/result-text";
import { useFormAction } from "@/components/forms/use-form-action";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { roles, type Role } from "@/lib/permissions";
import { resetUserPassword, setUserDisabled, updateUser } from "@/server/users/actions";

interface Props { user: { id: string; name: string; email: string; role: Role; disabled: boolean }; isSelf: boolean }

export function UserActions({ user, isSelf }: Props) {
  const t = useTranslations("users");
  const common = useTranslations("common");
  const roleNames = useTranslations("roles");
  const text = useActionResultText("users", formResultRules);
  const [editing, setEditing] = useState(false);
  const [password, setPassword] = useState<string | null>(null);
  const edit = useFormAction(updateUser, () => setEditing(false));
  return (
    <div className="flex flex-wrap justify-end gap-1">
      <FormDialog
        open={editing}
        onOpenChange={(next) => { setEditing(next); if (!next) edit.reset(); }}
        onCancel={() => setEditing(false)}
        trigger={<Button size="sm" variant="ghost" aria-label={t("actions.editLabel", { name: user.name })}><Pencil className="size-4" aria-hidden />{t("actions.edit")}</Button>}
        title={t("edit.title", { name: user.name })}
        description={user.email}
        onSubmit={edit.onSubmit}
        error={text.formError(edit.result)}
        submitLabel={edit.pending ? common("saving") : common("save")}
        submitDisabled={edit.pending}
      >
        <input type="hidden" name="userId" value={user.id} />
        <Field label={t("fields.name")} errors={text.fieldErrors(edit.result, "name")}>
          <Input name="name" defaultValue={user.name} required autoComplete="off" />
        </Field>
        <Field label={t("fields.role")} hint={isSelf ? t("hints.ownRole") : t("hints.role")} errors={text.fieldErrors(edit.result, "role")}>
          <NativeSelect name="role" defaultValue={user.role} disabled={isSelf}>
            {roles.map((role) => <option key={role} value={role}>{roleNames(role)}</option>)}
          </NativeSelect>
        </Field>
      </FormDialog>
      <ConfirmDialog
        trigger={<Button size="sm" variant="ghost" aria-label={t("actions.resetLabel", { name: user.name })}><KeyRound className="size-4" aria-hidden />{t("actions.reset")}</Button>}
        title={t("reset.title", { name: user.name })}
        description={t("reset.body")}
        confirmLabel={t("reset.confirm")}
        run={() => resetUserPassword({ userId: user.id })}
        errorText={text.formError}
        onDone={(data) => setPassword(data.generatedPassword)}
      />
      {isSelf ? null : user.disabled ? (
        <ConfirmDialog
          trigger={<Button size="sm" variant="ghost" aria-label={t("actions.enableLabel", { name: user.name })}><UserCheck className="size-4" aria-hidden />{t("actions.enable")}</Button>}
          title={t("enable.title", { name: user.name })}
          description={t("enable.body")}
          confirmLabel={t("enable.confirm")}
          run={() => setUserDisabled({ userId: user.id, disabled: false })}
          errorText={text.formError}
        />
      ) : (
        <ConfirmDialog
          danger
          trigger={<Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50" aria-label={t("actions.disableLabel", { name: user.name })}><UserX className="size-4" aria-hidden />{t("actions.disable")}</Button>}
          title={t("disable.title", { name: user.name })}
          description={t("disable.body")}
          confirmLabel={t("disable.confirm")}
          run={() => setUserDisabled({ userId: user.id, disabled: true })}
          errorText={text.formError}
        />
      )}
      <OneTimeSecret title={t("password.resetTitle", { name: user.name })} label={t("password.label")} warning={t("password.warning")} secret={password} onClose={() => setPassword(null)} />
    </div>
  );
}
