"use client";
// "New segment" and "Edit" dialogs: name, description and the expression with its live check and
// audience; the syntax help can fill in an example.
import { Pencil, Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { FormDialog, useFormDialog } from "@/components/forms/form-dialog";
import { useActionResultText } from "@/components/forms/result-text";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { createSegment, updateSegment } from "@/server/segments/actions";
import { ExpressionField } from "./expression-field";
import { ExpressionModeToggle, type ExpressionMode } from "./expression-mode-toggle";
import { segmentResultRules } from "./segment-result-rules";
import { SyntaxHelpDetails } from "./syntax-help";
import { VisualExpressionField } from "./visual-expression-field";

// The segment being edited; absent for a new one.
export interface EditableSegment {
  id: string;
  name: string;
  description: string | null;
  expression: string;
}

interface Props {
  appId: string;
  appName: string;
  segment?: EditableSegment;
  onDone: (message: string) => void;
}

export function SegmentDialog({ appId, appName, segment, onDone }: Props) {
  const t = useTranslations("segments");
  const common = useTranslations("common");
  const text = useActionResultText("segments", segmentResultRules);
  const [expression, setExpression] = useState(segment?.expression ?? "");
  // Both editors edit the same text; the choice only changes how it is shown.
  const [mode, setMode] = useState<ExpressionMode>("text");
  const form = useFormDialog(
    segment ? updateSegment : createSegment,
    (_data, element) => {
      const name = String(new FormData(element).get("name") ?? "").trim();
      onDone(segment ? t("edit.done", { name }) : t("create.done", { name }));
    },
    // Each opening starts from the saved values.
    () => setExpression(segment?.expression ?? ""),
  );
  const formRef = useRef<HTMLFormElement>(null);
  // After a refused save, bring the first field with an error into view (the dialog may be scrolled).
  useEffect(() => {
    if (form.result.ok || !form.result.fieldErrors) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form.result]);
  const errors = (field: string) => text.fieldErrors(form.result, field);
  const trigger = segment ? (
    <Button size="sm" variant="ghost" aria-label={t("edit.label", { name: segment.name })}>
      <Pencil className="size-4" aria-hidden />
      {t("edit.button")}
    </Button>
  ) : (
    <Button>
      <Plus className="size-4" aria-hidden />
      {t("create.button")}
    </Button>
  );
  return (
    <FormDialog
      {...form.dialog}
      trigger={trigger}
      title={segment ? t("edit.title", { name: segment.name }) : t("create.title")}
      description={segment ? undefined : t("create.description", { app: appName })}
      formRef={formRef}
      errorText={text.formError}
      submitLabel={segment ? common("save") : t("create.submit")}
      pendingLabel={t("create.submitting")}
    >
      <input type="hidden" name="appId" value={appId} />
      {segment ? <input type="hidden" name="segmentId" value={segment.id} /> : null}
      <Field label={t("fields.name")} hint={t("hints.name")} errors={errors("name")}>
        <Input name="name" defaultValue={segment?.name} required autoComplete="off" />
      </Field>
      <Field label={t("fields.description")} hint={t("hints.description")} errors={errors("description")}>
        <Textarea name="description" rows={2} defaultValue={segment?.description ?? ""} />
      </Field>
      <ExpressionModeToggle
        value={mode}
        onChange={setMode}
        options={["text", "visual"]}
        label={t("mode.label")}
        name={(option) => t(`mode.${option}`)}
      />
      {mode === "visual" ? (
        <VisualExpressionField
          appId={appId}
          value={expression}
          onChange={setExpression}
          onEditAsText={() => setMode("text")}
          errors={text.fieldErrors(form.result, "expression", true)}
        />
      ) : (
        <>
          <ExpressionField
            appId={appId}
            value={expression}
            onChange={setExpression}
            hint={segment ? t("hints.expressionEdit") : t("hints.expression")}
            errors={text.fieldErrors(form.result, "expression", true)}
          />
          <SyntaxHelpDetails onPick={setExpression} />
        </>
      )}
    </FormDialog>
  );
}
