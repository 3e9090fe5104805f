"use client";
// "Add user": name, email, role and an initial password (typed, or generated and shown once).
import { UserPlus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { OneTimeSecret } from "@/components/forms/one-time-secret";
import { useFormAction } from "@/components/forms/use-form-action";
import { useResultText } from "@/components/forms/result-text";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { roles } from "@/lib/permissions";
import { createUser } from "@/server/users/actions";

export function CreateUserDialog() {
  const t = useTranslations("users");
  const common = useTranslations("common");
  const roleNames = useTranslations("roles");
  const router = useRouter();
  const text = useResultText("users");
  const [open, setOpen] = useState(false);
  const [generate, setGenerate] = useState(true);
  const [notice, setNotice] = useState<string | null>(null);
  const [password, setPassword] = useState<string | null>(null);
  const { result, pending, onSubmit, reset } = useFormAction(createUser, (data) => {
    setOpen(false);
    setNotice(t("create.done"));
    if (data.generatedPassword) setPassword(data.generatedPassword);
    router.refresh();
  });
  const errors = (field: string) => text.fieldErrors(result, field);
  const formError = text.formError(result);
  return (
    <>
      {notice ? <Alert tone="success" className="w-full sm:w-auto">{notice}</Alert> : null}
      <Dialog
        open={open}
        onOpenChange={(next) => { setOpen(next); if (next) setNotice(null); else reset(); }}
        trigger={<Button><UserPlus className="size-4" aria-hidden />{t("create.button")}</Button>}
        title={t("create.title")}
        description={t("create.description")}
        closeLabel={common("close")}
      >
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          {formError ? <Alert tone="error">{formError}</Alert> : null}
          <Field label={t("fields.name")} errors={errors("name")}>
            <Input name="name" required autoComplete="off" />
          </Field>
          <Field label={t("fields.email")} errors={errors("email")}>
            <Input name="email" type="email" required autoComplete="off" spellCheck={false} />
          </Field>
          <Field label={t("fields.role")} hint={t("hints.role")} errors={errors("role")}>
            <NativeSelect name="role" defaultValue="editor">
              {roles.map((role) => <option key={role} value={role}>{roleNames(role)}</option>)}
            </NativeSelect>
          </Field>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" checked={generate} onChange={(e) => setGenerate(e.target.checked)} className="size-4 rounded border-slate-300" />
            {t("fields.generatePassword")}
          </label>
          {generate ? null : (
            <Field label={t("fields.password")} hint={t("hints.password")} errors={errors("password")}>
              <Input name="password" type="password" autoComplete="new-password" minLength={12} />
            </Field>
          )}
          <div className="flex justify-end gap-2 pt-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>{common("cancel")}</Button>
            <Button type="submit" disabled={pending}>{pending ? t("create.submitting") : t("create.submit")}</Button>
          </div>
        </form>
      </Dialog>
      <OneTimeSecret title={t("password.title")} label={t("password.label")} warning={t("password.warning")} secret={password} onClose={() => setPassword(null)} />
    </>
  );
}
