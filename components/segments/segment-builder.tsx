"use client";
// The visual audience builder. It edits the expression text itself: every change to a row is
// written back through the formatter (onChange gets the new text), and the rows are read from the
// text on each render, so the text editor and the builder never disagree. An expression the rows
// cannot show exactly is left alone, with a notice to edit it as text.
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import {
  appendRow,
  builderToExpression,
  expressionToBuilder,
  updateRow,
  type BuilderGroup,
  type BuilderRow,
  type RowPath,
} from "@/lib/segments/builder";
import { GroupEditor } from "./builder-group";

interface Props {
  value: string;
  onChange: (value: string) => void;
  // Shows an "Edit as text" button in the notice when given (the caller switches editors).
  onEditAsText?: () => void;
}

export function SegmentBuilder({ value, onChange, onEditAsText }: Props) {
  const t = useTranslations("segments.builder");
  const result = useMemo(() => expressionToBuilder(value), [value]);
  // With fewer than two rows, all/any changes nothing in the text; remember the choice for the next row.
  const [preferredMatch, setPreferredMatch] = useState<"all" | "any">("all");
  if (!result.ok) {
    return (
      <Alert tone="warning">
        <p>{t(`unsupported.${result.reason}`)}</p>
        {onEditAsText ? (
          <button type="button" onClick={onEditAsText} className="mt-1 font-medium underline underline-offset-2">
            {t("unsupported.editAsText")}
          </button>
        ) : null}
      </Alert>
    );
  }
  const root: BuilderGroup = result.root.rows.length < 2 ? { ...result.root, match: preferredMatch } : result.root;
  const apply = (next: BuilderGroup) => {
    if (next.rows.length < 2) setPreferredMatch(next.match);
    onChange(builderToExpression(next));
  };
  const onUpdate = (path: RowPath, update: (row: BuilderRow) => BuilderRow | null) =>
    apply(updateRow(root, path, update));
  const onAppend = (path: RowPath, row: BuilderRow) => apply(appendRow(root, path, row));
  return (
    <div className="space-y-2 rounded-md border border-slate-200 p-3">
      <GroupEditor
        group={root}
        path={[]}
        root
        onUpdate={onUpdate}
        onAppend={onAppend}
        onMatch={(match) => {
          setPreferredMatch(match);
          apply({ ...root, match });
        }}
      />
      {root.rows.length ? null : <p className="text-sm text-slate-600">{t("empty")}</p>}
    </div>
  );
}
