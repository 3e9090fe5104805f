"use client";
// A group of the visual builder: how its rows combine (all / any; nested groups also none / not
// all), its rows (conditions and, within the nesting limit, groups), and adding rows.
import { Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { BUILDER_MAX_DEPTH, type BuilderGroup, type BuilderRow, type RowPath } from "@/lib/segments/builder";
import { AddRow } from "./builder-add-row";
import { ConditionEditor } from "./builder-condition";
import { Choice } from "./builder-controls";

type Combine = "all" | "any" | "none" | "notAll";

interface Props {
  group: BuilderGroup;
  path: RowPath;
  onUpdate: (path: RowPath, update: (row: BuilderRow) => BuilderRow | null) => void;
  onAppend: (path: RowPath, row: BuilderRow) => void;
  // The top level: only all / any, not removable (a parent's header says it all).
  root?: boolean;
  onMatch?: (match: "all" | "any") => void;
}

const combineOf = (group: BuilderGroup): Combine =>
  group.negated ? (group.match === "any" ? "none" : "notAll") : group.match;
const fromCombine = (combine: Combine) => ({
  match: combine === "all" || combine === "notAll" ? ("all" as const) : ("any" as const),
  negated: combine === "none" || combine === "notAll",
});

export function GroupEditor({ group, path, onUpdate, onAppend, root, onMatch }: Props) {
  const t = useTranslations("segments.builder");
  const depth = path.length;
  const combines: Combine[] = root ? ["all", "any"] : ["all", "any", "none", "notAll"];
  return (
    <div
      role="group"
      aria-label={root ? t("label") : t("groupLabel")}
      className={root ? "space-y-2" : "space-y-2 rounded-md border-l-4 border-brand-100 bg-slate-50 py-2 pr-2 pl-3"}
    >
      <div className="flex items-center gap-2">
        <Choice
          label={t("combineLabel")}
          value={combineOf(group)}
          options={combines.map((c) => ({ value: c, label: t(`combine.${c}`) }))}
          onChange={(combine) =>
            root
              ? onMatch?.(fromCombine(combine).match)
              : onUpdate(path, (row) => ({ ...row, ...fromCombine(combine) }))
          }
        />
        {root ? null : (
          <button
            type="button"
            onClick={() => onUpdate(path, () => null)}
            className={
              "ml-auto inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs text-slate-600 " +
              "hover:bg-slate-100 hover:text-red-700"
            }
          >
            <Trash2 className="size-3.5" aria-hidden />
            {t("removeGroup")}
          </button>
        )}
      </div>
      {group.rows.length ? (
        <ul className="space-y-2">
          {group.rows.map((row, index) => (
            <li key={index}>
              {row.kind === "condition" ? (
                <ConditionEditor condition={row} onChange={(next) => onUpdate([...path, index], () => next)} />
              ) : (
                <GroupEditor group={row} path={[...path, index]} onUpdate={onUpdate} onAppend={onAppend} />
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <AddRow onAdd={(row) => onAppend(path, row)} canGroup={depth < BUILDER_MAX_DEPTH} />
    </div>
  );
}
