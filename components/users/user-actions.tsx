"use client";
// Per-user controls: edit name and role, disable / enable, reset the password (shown once).
import { KeyRound, Pencil, UserCheck, UserX } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { OneTimeSecret } from "@/components/forms/one-time-secret";
import { useFormAction } from "@/components/forms/use-form-action";
import { useResultText } from "@/components/forms/result-text";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { idleResult, type ActionResult } from "@/lib/action-result";
import { roles, type Role } from "@/lib/permissions";
import { resetUserPassword, setUserDisabled, updateUser } from "@/server/users/actions";

interface Props { user: { id: string; name: string; email: string; role: Role; disabled: boolean }; isSelf: boolean }

// A confirm dialog that runs one action and shows its error inside.
function Confirm({ trigger, title, body, confirm, danger, run }: { trigger: React.ReactNode; title: string; body: string; confirm: string; danger?: boolean; run: () => Promise<ActionResult> }) {
  const common = useTranslations("common");
  const text = useResultText("users");
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<ActionResult>(idleResult);
  const [pending, start] = useTransition();
  const error = text.formError(result);
  return (
    <Dialog open={open} onOpenChange={(next) => { setOpen(next); setResult(idleResult); }} trigger={trigger} title={title} description={body} closeLabel={common("close")}>
      {error ? <Alert tone="error" className="mb-4">{error}</Alert> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={() => setOpen(false)}>{common("cancel")}</Button>
        <Button variant={danger ? "danger" : "primary"} disabled={pending} onClick={() => start(async () => { const next = await run(); setResult(next); if (next.ok) setOpen(false); })}>{confirm}</Button>
      </div>
    </Dialog>
  );
}

export function UserActions({ user, isSelf }: Props) {
  const t = useTranslations("users");
  const common = useTranslations("common");
  const roleNames = useTranslations("roles");
  const router = useRouter();
  const text = useResultText("users");
  const [editing, setEditing] = useState(false);
  const [password, setPassword] = useState<string | null>(null);
  const edit = useFormAction(updateUser, () => { setEditing(false); router.refresh(); });
  const editError = text.formError(edit.result);
  return (
    <div className="flex flex-wrap justify-end gap-1">
      <Dialog
        open={editing}
        onOpenChange={(next) => { setEditing(next); if (!next) edit.reset(); }}
        trigger={<Button size="sm" variant="ghost" aria-label={t("actions.editLabel", { name: user.name })}><Pencil className="size-4" aria-hidden />{t("actions.edit")}</Button>}
        title={t("edit.title", { name: user.name })}
        description={user.email}
        closeLabel={common("close")}
      >
        <form onSubmit={edit.onSubmit} noValidate className="space-y-4">
          <input type="hidden" name="userId" value={user.id} />
          {editError ? <Alert tone="error">{editError}</Alert> : null}
          <Field label={t("fields.name")} errors={text.fieldErrors(edit.result, "name")}>
            <Input name="name" defaultValue={user.name} required autoComplete="off" />
          </Field>
          <Field label={t("fields.role")} hint={isSelf ? t("hints.ownRole") : t("hints.role")} errors={text.fieldErrors(edit.result, "role")}>
            <NativeSelect name="role" defaultValue={user.role} disabled={isSelf}>
              {roles.map((role) => <option key={role} value={role}>{roleNames(role)}</option>)}
            </NativeSelect>
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setEditing(false)}>{common("cancel")}</Button>
            <Button type="submit" disabled={edit.pending}>{edit.pending ? common("saving") : common("save")}</Button>
          </div>
        </form>
      </Dialog>
      <Confirm
        trigger={<Button size="sm" variant="ghost" aria-label={t("actions.resetLabel", { name: user.name })}><KeyRound className="size-4" aria-hidden />{t("actions.reset")}</Button>}
        title={t("reset.title", { name: user.name })}
        body={t("reset.body")}
        confirm={t("reset.confirm")}
        run={async () => {
          const result = await resetUserPassword({ userId: user.id });
          if (result.ok) setPassword(result.data.generatedPassword);
          return result;
        }}
      />
      {isSelf ? null : user.disabled ? (
        <Confirm
          trigger={<Button size="sm" variant="ghost" aria-label={t("actions.enableLabel", { name: user.name })}><UserCheck className="size-4" aria-hidden />{t("actions.enable")}</Button>}
          title={t("enable.title", { name: user.name })}
          body={t("enable.body")}
          confirm={t("enable.confirm")}
          run={async () => { const r = await setUserDisabled({ userId: user.id, disabled: false }); if (r.ok) router.refresh(); return r; }}
        />
      ) : (
        <Confirm
          danger
          trigger={<Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50" aria-label={t("actions.disableLabel", { name: user.name })}><UserX className="size-4" aria-hidden />{t("actions.disable")}</Button>}
          title={t("disable.title", { name: user.name })}
          body={t("disable.body")}
          confirm={t("disable.confirm")}
          run={async () => { const r = await setUserDisabled({ userId: user.id, disabled: true }); if (r.ok) router.refresh(); return r; }}
        />
      )}
      <OneTimeSecret title={t("password.resetTitle", { name: user.name })} label={t("password.label")} warning={t("password.warning")} secret={password} onClose={() => setPassword(null)} />
    </div>
  );
}
