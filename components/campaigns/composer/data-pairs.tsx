"use client";
// The data key-values delivered with the message (read by the app, not shown to the user).
import { Plus, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { FieldGroup } from "@/components/ui/field-group";
import { Button } from "@/components/ui/button";
import { CodeInput, Input } from "@/components/ui/input";
import { GroupErrors } from "./choices";
import { newPair, type DataPair } from "@/lib/campaigns/draft";

interface Props {
  // The error path of this message's data ("campaign.variants.0.content.en.data").
  base: string;
  pairs: DataPair[];
  onChange: (pairs: DataPair[]) => void;
  errors: (key: string) => string[] | undefined;
}

const MAX_PAIRS = 20;

export function DataPairs({ base, pairs, onChange, errors }: Props) {
  const t = useTranslations("campaigns.composer.message");
  const set = (id: string, change: Partial<DataPair>) =>
    onChange(pairs.map((p) => (p.id === id ? { ...p, ...change } : p)));
  return (
    <FieldGroup legend={t("data")}>
      <p className="text-xs text-slate-500">{t("dataHint")}</p>
      {pairs.length ? (
        <ul className="space-y-2">
          {pairs.map((pair, index) => {
            const pairErrors = errors(`${base}.${pair.key.trim()}`);
            return (
              <li key={pair.id} className="space-y-1">
                <div className="flex items-center gap-2">
                  <CodeInput
                    aria-label={t("dataKey", { n: index + 1 })}
                    name={`${base}.${pair.key.trim()}`}
                    value={pair.key}
                    invalid={Boolean(pairErrors)}
                    placeholder="promo_code"
                    className="w-2/5 font-mono"
                    onChange={(e) => set(pair.id, { key: e.target.value })}
                  />
                  <Input
                    aria-label={t("dataValue", { n: index + 1 })}
                    name={`${base}.${pair.key.trim()}`}
                    value={pair.value}
                    placeholder="SPRING20"
                    autoComplete="off"
                    className="flex-1 font-mono"
                    onChange={(e) => set(pair.id, { value: e.target.value })}
                  />
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={t("dataRemove", { n: index + 1 })}
                    onClick={() => onChange(pairs.filter((p) => p.id !== pair.id))}
                  >
                    <X className="size-4" aria-hidden />
                  </Button>
                </div>
                <GroupErrors errors={pairErrors} />
              </li>
            );
          })}
        </ul>
      ) : null}
      <GroupErrors errors={errors(base)} />
      <Button
        variant="secondary"
        size="sm"
        disabled={pairs.length >= MAX_PAIRS}
        onClick={() => onChange([...pairs, newPair()])}
      >
        <Plus className="size-4" aria-hidden />
        {t("dataAdd")}
      </Button>
    </FieldGroup>
  );
}
