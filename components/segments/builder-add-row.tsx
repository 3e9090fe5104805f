"use client";
// Adds a condition (or a new group holding it) to a group of the visual builder. Fields with a
// sensible default (platform, channel, activity, test) are added at once and edited in their row;
// the others (tag, locale, time zone, app version) need their value typed first.
import { Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import type { SegmentTerm } from "@/lib/segments";
import { builderFields, defaultTerm, normalizeTerm, type BuilderField, type BuilderRow } from "@/lib/segments/builder";
import { Choice } from "./builder-controls";

interface Props {
  onAdd: (row: BuilderRow) => void;
  // Whether a new group may be started here (nesting limit).
  canGroup: boolean;
}

// The condition a typed value makes for a field that has no default.
function termFor(field: BuilderField, raw: string): SegmentTerm | null {
  const value = raw.trim();
  const prefix = value.endsWith("*");
  const bare = prefix ? value.slice(0, -1) : value;
  switch (field) {
    case "tag":
      return normalizeTerm({ kind: "tag", value });
    case "locale":
    case "timezone":
      return normalizeTerm({ kind: field, value: bare, prefix });
    case "appVersion":
      return normalizeTerm({ kind: "appVersion", op: ">=", version: value });
    default:
      return defaultTerm(field);
  }
}

export function AddRow({ onAdd, canGroup }: Props) {
  const t = useTranslations("segments.builder");
  const id = useId();
  const [mode, setMode] = useState<"closed" | "condition" | "group">("closed");
  const [field, setField] = useState<BuilderField>("tag");
  const [raw, setRaw] = useState("");
  const [invalid, setInvalid] = useState(false);
  const needsValue = defaultTerm(field) === null;
  const close = () => {
    setMode("closed");
    setRaw("");
    setInvalid(false);
  };
  const add = () => {
    const term = termFor(field, raw);
    if (!term) return setInvalid(true);
    const condition: BuilderRow = { kind: "condition", term, negated: false };
    onAdd(mode === "group" ? { kind: "group", match: "any", negated: false, rows: [condition] } : condition);
    close();
  };
  if (mode === "closed") {
    return (
      <div className="flex gap-2">
        {(canGroup ? (["condition", "group"] as const) : (["condition"] as const)).map((kind) => (
          <button
            key={kind}
            type="button"
            onClick={() => setMode(kind)}
            className={
              "inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm font-medium text-brand-700 " +
              "hover:bg-brand-50"
            }
          >
            <Plus className="size-4" aria-hidden />
            {t(`add.${kind}`)}
          </button>
        ))}
      </div>
    );
  }
  return (
    <div
      role="group"
      aria-label={mode === "group" ? t("add.group") : t("add.condition")}
      className="flex flex-wrap items-start gap-1.5 rounded-md border border-dashed border-slate-300 p-2"
    >
      <Choice
        label={t("add.field")}
        value={field}
        options={builderFields.map((f) => ({ value: f, label: t(`fields.${f}`) }))}
        onChange={(next) => {
          setField(next);
          setInvalid(false);
        }}
        autoFocus
      />
      {needsValue ? (
        <span className="inline-flex flex-col">
          <input
            aria-label={t("valueLabel", { field: t(`fields.${field}`) })}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? `${id}-error` : `${id}-hint`}
            value={raw}
            onChange={(event) => {
              setRaw(event.target.value);
              setInvalid(false);
            }}
            onKeyDown={(event) => {
              if (event.key === "Enter") {
                event.preventDefault();
                add();
              }
            }}
            placeholder={t(`add.placeholders.${field as "tag" | "locale" | "timezone" | "appVersion"}`)}
            className={
              "h-8 w-48 rounded-md border bg-white px-2 text-sm focus:border-brand-500 focus:ring-2 " +
              `focus:ring-brand-500/30 focus:outline-none ${invalid ? "border-red-500" : "border-slate-300"}`
            }
          />
          {invalid ? (
            <span id={`${id}-error`} role="alert" className="mt-0.5 text-xs text-red-600">
              {t(`invalid.${field as "tag" | "locale" | "timezone" | "appVersion"}`)}
            </span>
          ) : (
            <span id={`${id}-hint`} className="mt-0.5 text-xs text-slate-500">
              {t(`add.hints.${field as "tag" | "locale" | "timezone" | "appVersion"}`)}
            </span>
          )}
        </span>
      ) : null}
      <button
        type="button"
        onClick={add}
        className="h-8 rounded-md bg-brand-600 px-3 text-sm font-medium text-white hover:bg-brand-700"
      >
        {t("add.add")}
      </button>
      <button type="button" onClick={close} className="h-8 rounded-md px-3 text-sm text-slate-700 hover:bg-slate-100">
        {t("add.cancel")}
      </button>
    </div>
  );
}
