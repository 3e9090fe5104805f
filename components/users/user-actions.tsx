"use client";
// Per-user controls: edit name and role, disable / enable, reset the password (shown once), sign out
// everywhere.
import { KeyRound, LogOut, Pencil, UserCheck, UserX } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog, type ConfirmTexts } from "@/components/forms/confirm-dialog";
import { FormDialog, useFormDialog } from "@/components/forms/form-dialog";
import { OneTimeSecret } from "@/components/forms/one-time-secret";
import { formResultRules, useActionResultText } from "@/components/forms/result-text";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect, Options } from "@/components/ui/input";
import { roles, type Role } from "@/lib/permissions";
import { resetUserPassword, setUserDisabled, signOutEverywhere, updateUser } from "@/server/users/actions";

interface Props {
  user: { id: string; name: string; email: string; role: Role; disabled: boolean };
  isSelf: boolean;
}

export function UserActions({ user, isSelf }: Props) {
  const t = useTranslations("users");
  const common = useTranslations("common");
  const roleNames = useTranslations("roles");
  const text = useActionResultText("users", formResultRules);
  const [password, setPassword] = useState<string | null>(null);
  const edit = useFormDialog(updateUser);
  // The texts of the reset, enable and disable confirmations ("users.<action>.*", "users.actions.<action>*").
  const confirmTexts = (action: "reset" | "enable" | "disable" | "signOut"): ConfirmTexts => ({
    button: t(`actions.${action}`),
    label: t(`actions.${action}Label`, { name: user.name }),
    title: t(`${action}.title`, { name: user.name }),
    body: t(`${action}.body`),
    confirm: t(`${action}.confirm`),
  });
  return (
    <div className="flex flex-wrap justify-end gap-1">
      <FormDialog
        {...edit.dialog}
        trigger={
          <Button size="sm" variant="ghost" aria-label={t("actions.editLabel", { name: user.name })}>
            <Pencil className="size-4" aria-hidden />
            {t("actions.edit")}
          </Button>
        }
        title={t("edit.title", { name: user.name })}
        description={user.email}
        errorText={text.formError}
        submitLabel={common("save")}
        pendingLabel={common("saving")}
      >
        <input type="hidden" name="userId" value={user.id} />
        <Field label={t("fields.name")} errors={text.fieldErrors(edit.result, "name")}>
          <Input name="name" defaultValue={user.name} required autoComplete="off" />
        </Field>
        <Field
          label={t("fields.role")}
          hint={isSelf ? t("hints.ownRole") : t("hints.role")}
          errors={text.fieldErrors(edit.result, "role")}
        >
          <NativeSelect name="role" defaultValue={user.role} disabled={isSelf}>
            <Options items={roles} label={(role) => roleNames(role)} />
          </NativeSelect>
        </Field>
      </FormDialog>
      <ConfirmDialog
        icon={KeyRound}
        texts={confirmTexts("reset")}
        run={() => resetUserPassword({ userId: user.id })}
        errorText={text.formError}
        onDone={(data) => setPassword(data.generatedPassword)}
      />
      <ConfirmDialog
        icon={LogOut}
        texts={confirmTexts("signOut")}
        run={() => signOutEverywhere({ userId: user.id })}
        errorText={text.formError}
      />
      {isSelf ? null : user.disabled ? (
        <ConfirmDialog
          icon={UserCheck}
          texts={confirmTexts("enable")}
          run={() => setUserDisabled({ userId: user.id, disabled: false })}
          errorText={text.formError}
        />
      ) : (
        <ConfirmDialog
          icon={UserX}
          texts={confirmTexts("disable")}
          buttonStyle="rowDanger"
          danger
          run={() => setUserDisabled({ userId: user.id, disabled: true })}
          errorText={text.formError}
        />
      )}
      <OneTimeSecret
        title={t("password.resetTitle", { name: user.name })}
        label={t("password.label")}
        warning={t("password.warning")}
        secret={password}
        onClose={() => setPassword(null)}
      />
    </div>
  );
}
