"use client";
// Confirms deleting a campaign template.
import { DeleteButton } from "@/components/forms/delete-button";
import { deleteTemplateAction } from "@/server/campaigns/template-actions";
import { templateResultRules } from "./result-rules";

export function DeleteTemplateButton({ template }: { template: { id: string; name: string } }) {
  return (
    <DeleteButton
      namespace="templates"
      name={template.name}
      rules={templateResultRules}
      run={() => deleteTemplateAction({ templateId: template.id })}
    />
  );
}
