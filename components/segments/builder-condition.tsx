"use client";
// One condition row of the visual builder: the field, is / is not, and the field's own controls.
// Selects commit at once; typed values commit when valid (DraftInput), normalised the way the
// parser reads them, so the expression always parses to what the row shows.
import { X } from "lucide-react";
import { useTranslations } from "next-intl";
import {
  DURATION_UNITS,
  SEGMENT_CHANNELS,
  SEGMENT_PLATFORMS,
  COMPARISON_OPERATORS,
  type SegmentTerm,
} from "@/lib/segments";
import { normalizeTerm, type BuilderCondition } from "@/lib/segments/builder";
import { Choice } from "./builder-controls";
import { DraftInput } from "./draft-input";

interface Props {
  condition: BuilderCondition;
  onChange: (next: BuilderCondition | null) => void;
}

const durationOps = [">", ">=", "<", "<="] as const;

export function ConditionEditor({ condition, onChange }: Props) {
  const t = useTranslations("segments.builder");
  const enums = useTranslations("enums");
  const { term, negated } = condition;
  const field = t(`fields.${term.kind}`);
  // Commits a changed term once the parser would read it back the same (else keeps the old one).
  const set = (next: SegmentTerm) => {
    const normal = normalizeTerm(next);
    if (normal) onChange({ ...condition, term: normal });
  };
  // For typed values: the normalised value to commit, or null to show the error.
  const accept = (build: (raw: string) => SegmentTerm, pick: (normal: SegmentTerm) => string) => (raw: string) => {
    const normal = normalizeTerm(build(raw));
    return normal ? pick(normal) : null;
  };
  return (
    <div role="group" aria-label={field} className="flex flex-wrap items-start gap-1.5">
      <span className="inline-flex h-8 min-w-20 items-center text-sm font-medium text-slate-700">{field}</span>
      <Choice
        label={t("negationLabel", { field })}
        value={negated ? "not" : "is"}
        options={[
          { value: "is", label: t("is") },
          { value: "not", label: t("isNot") },
        ]}
        onChange={(v) => onChange({ ...condition, negated: v === "not" })}
      />
      {term.kind === "tag" ? (
        <DraftInput
          label={t("valueLabel", { field })}
          value={term.value}
          errorText={t("invalid.tag")}
          parse={accept(
            (raw) => ({ kind: "tag", value: raw }),
            (n) => (n as typeof term).value,
          )}
          onCommit={(value) => set({ ...term, value })}
          className="w-44"
        />
      ) : null}
      {term.kind === "platform" ? (
        <Choice
          label={t("valueLabel", { field })}
          value={term.value}
          options={SEGMENT_PLATFORMS.map((p) => ({ value: p, label: enums(`platform.${p}`) }))}
          onChange={(value) => set({ ...term, value })}
        />
      ) : null}
      {term.kind === "channel" ? (
        <Choice
          label={t("valueLabel", { field })}
          value={term.value}
          options={SEGMENT_CHANNELS.map((c) => ({ value: c, label: enums(`channel.${c}`) }))}
          onChange={(value) => set({ ...term, value })}
        />
      ) : null}
      {term.kind === "locale" || term.kind === "timezone" ? (
        <>
          <Choice
            label={t("matchLabel", { field })}
            value={term.prefix ? "prefix" : "exact"}
            options={[
              { value: "exact", label: t("exact") },
              { value: "prefix", label: t("prefix") },
            ]}
            onChange={(mode) => set({ ...term, prefix: mode === "prefix" })}
          />
          <DraftInput
            label={t("valueLabel", { field })}
            value={term.value}
            errorText={t(`invalid.${term.kind}`)}
            parse={accept(
              (raw) => ({ ...term, value: raw.trim() }),
              (n) => (n as typeof term).value,
            )}
            onCommit={(value) => set({ ...term, value })}
            className="w-40 font-mono"
            placeholder={term.kind === "locale" ? "zh-CN" : "Asia/Shanghai"}
          />
        </>
      ) : null}
      {term.kind === "appVersion" ? (
        <>
          <Choice
            label={t("operatorLabel", { field })}
            value={term.op}
            options={COMPARISON_OPERATORS.map((op) => ({ value: op, label: t(`versionOps.${opKey(op)}`) }))}
            onChange={(op) => set({ ...term, op })}
          />
          <DraftInput
            label={t("valueLabel", { field })}
            value={term.version}
            errorText={t("invalid.appVersion")}
            inputMode="decimal"
            parse={accept(
              (raw) => ({ ...term, version: raw.trim() }),
              (n) => (n as typeof term).version,
            )}
            onCommit={(version) => set({ ...term, version })}
            className="w-24 font-mono"
          />
        </>
      ) : null}
      {term.kind === "lastActive" || term.kind === "createdAt" ? (
        <>
          <Choice
            label={t("operatorLabel", { field })}
            value={term.op}
            options={durationOps.map((op) => ({ value: op, label: t(`durationOps.${opKey(op)}`) }))}
            onChange={(op) => set({ ...term, op })}
          />
          <DraftInput
            label={t("amountLabel", { field })}
            value={String(term.amount)}
            errorText={t("invalid.amount")}
            inputMode="numeric"
            parse={accept(
              (raw) => ({ ...term, amount: /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN }),
              (n) => String((n as typeof term).amount),
            )}
            onCommit={(amount) => set({ ...term, amount: Number(amount) })}
            className="w-16 tabular-nums"
          />
          {/* The unit and "ago" wrap together in a narrow dialog. */}
          <span className="inline-flex items-center gap-1.5">
            <Choice
              label={t("unitLabel", { field })}
              value={term.unit}
              options={DURATION_UNITS.map((unit) => ({ value: unit, label: t(`units.${unit}`) }))}
              onChange={(unit) => set({ ...term, unit })}
            />
            <span className="text-sm text-slate-600">{t("ago")}</span>
          </span>
        </>
      ) : null}
      {term.kind === "test" ? (
        <Choice
          label={t("valueLabel", { field })}
          value={term.value ? "true" : "false"}
          options={[
            { value: "true", label: t("testDevice") },
            { value: "false", label: t("realDevice") },
          ]}
          onChange={(v) => set({ ...term, value: v === "true" })}
        />
      ) : null}
      <button
        type="button"
        onClick={() => onChange(null)}
        aria-label={t("remove", { field })}
        className={
          "inline-flex size-8 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 " +
          "hover:text-red-700"
        }
      >
        <X className="size-4" aria-hidden />
      </button>
    </div>
  );
}

// Message keys for operators ("=" is not a valid key segment).
export function opKey(op: string): string {
  return { "=": "eq", "!=": "ne", ">": "gt", ">=": "ge", "<": "lt", "<=": "le" }[op] ?? op;
}
