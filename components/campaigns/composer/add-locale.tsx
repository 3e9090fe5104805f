"use client";
// Adds a language to a variant: a BCP 47 tag typed or picked from common ones, canonicalised
// ("zh-cn" -> "zh-CN"); refused with a message when unreadable or already there.
import { Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { CodeInput } from "@/components/ui/input";
import { canonicalLocale } from "@/lib/campaigns/draft";

const common = [
  "en",
  "en-US",
  "en-GB",
  "zh-CN",
  "zh-TW",
  "ja-JP",
  "ko-KR",
  "de-DE",
  "fr-FR",
  "es-ES",
  "pt-BR",
  "it-IT",
  "ru-RU",
  "hi-IN",
  "id-ID",
  "th-TH",
  "vi-VN",
  "ar",
];

export function AddLocale({ existing, onAdd }: { existing: string[]; onAdd: (locale: string) => void }) {
  const t = useTranslations("campaigns.composer.locales");
  const id = useId();
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  function add() {
    const locale = canonicalLocale(value);
    if (!value.trim() || !locale) return setError(t("invalid"));
    if (existing.includes(locale)) return setError(t("duplicate", { locale }));
    setError(null);
    setValue("");
    onAdd(locale);
  }
  return (
    <div className="space-y-1">
      <div className="flex items-center gap-2">
        <label htmlFor={id} className="sr-only">
          {t("addLabel")}
        </label>
        <CodeInput
          id={id}
          list={`${id}-list`}
          value={value}
          placeholder={t("addPlaceholder")}
          className="h-8 w-36 font-mono text-xs"
          invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => {
            // Enter adds the language instead of submitting the whole composer.
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
        />
        <datalist id={`${id}-list`}>
          {common
            .filter((l) => !existing.includes(l))
            .map((l) => (
              <option key={l} value={l} />
            ))}
        </datalist>
        <Button variant="secondary" size="sm" onClick={add}>
          <Plus className="size-4" aria-hidden />
          {t("add")}
        </Button>
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
