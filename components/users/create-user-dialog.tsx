"use client";
// "Add user": name, email, role and an initial password (typed, or generated and shown once).
import { UserPlus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { CreateDialog } from "@/components/forms/create-dialog";
import { useFormDialog } from "@/components/forms/form-dialog";
import { OneTimeSecret } from "@/components/forms/one-time-secret";
import { formResultRules, useActionResultText } from "@/components/forms/result-text";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect, Options } from "@/components/ui/input";
import { roles } from "@/lib/permissions";
import { createUser } from "@/server/users/actions";

export function CreateUserDialog() {
  const t = useTranslations("users");
  const roleNames = useTranslations("roles");
  const text = useActionResultText("users", formResultRules);
  const [generate, setGenerate] = useState(true);
  const [notice, setNotice] = useState<string | null>(null);
  const [password, setPassword] = useState<string | null>(null);
  const { result, dialog } = useFormDialog(
    createUser,
    (data) => {
      setNotice(t("create.done"));
      if (data.generatedPassword) setPassword(data.generatedPassword);
    },
    () => setNotice(null),
  );
  const errors = (field: string) => text.fieldErrors(result, field);
  return (
    <>
      {notice ? (
        <Alert tone="success" className="w-full sm:w-auto">
          {notice}
        </Alert>
      ) : null}
      <CreateDialog namespace="users" icon={UserPlus} dialog={dialog} errorText={text.formError}>
        <Field label={t("fields.name")} errors={errors("name")}>
          <Input name="name" required autoComplete="off" />
        </Field>
        <Field label={t("fields.email")} errors={errors("email")}>
          <Input name="email" type="email" required autoComplete="off" spellCheck={false} />
        </Field>
        <Field label={t("fields.role")} hint={t("hints.role")} errors={errors("role")}>
          <NativeSelect name="role" defaultValue="editor">
            <Options items={roles} label={(role) => roleNames(role)} />
          </NativeSelect>
        </Field>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={generate}
            onChange={(e) => setGenerate(e.target.checked)}
            className="size-4 rounded border-slate-300"
          />
          {t("fields.generatePassword")}
        </label>
        {generate ? null : (
          <Field label={t("fields.password")} hint={t("hints.password")} errors={errors("password")}>
            <Input name="password" type="password" autoComplete="new-password" minLength={12} />
          </Field>
        )}
      </CreateDialog>
      <OneTimeSecret
        title={t("password.title")}
        label={t("password.label")}
        warning={t("password.warning")}
        secret={password}
        onClose={() => setPassword(null)}
      />
    </>
  );
}
