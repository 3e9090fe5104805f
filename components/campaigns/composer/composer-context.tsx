"use client";
// Shared state of one composer form: the draft, how to change it, which errors to show where, and
// which variant / locale tab is open (the composer opens the tab of the first error on a refused save).
import { createContext, useContext, type ChangeEvent } from "react";
import type { ComposerApp } from "@/server/campaigns/composer-data";
import type { ComposerDraft, MessageDraft, VariantDraft } from "@/lib/campaigns/draft";

export interface ComposerContextValue {
  draft: ComposerDraft;
  app: ComposerApp;
  update: (change: (draft: ComposerDraft) => ComposerDraft) => void;
  // The visible, translated errors for one field path (undefined when none).
  errors: (key: string) => string[] | undefined;
  // True when a visible error sits at or under `prefix` (for tab markers).
  flagged: (prefix: string) => boolean;
  activeVariant: number;
  setActiveVariant: (index: number) => void;
  activeLocale: (variantIndex: number) => string;
  setActiveLocale: (variantIndex: number, locale: string) => void;
  // True when editing an existing campaign (its type is fixed).
  editing: boolean;
}

export const ComposerContext = createContext<ComposerContextValue | null>(null);

// The composer around the calling component.
export function useComposer(): ComposerContextValue {
  const value = useContext(ComposerContext);
  if (!value) throw new Error("useComposer must be used inside the campaign composer");
  return value;
}

// Replaces one variant.
export function withVariant(
  draft: ComposerDraft,
  index: number,
  change: (variant: VariantDraft) => VariantDraft,
): ComposerDraft {
  return { ...draft, variants: draft.variants.map((v, i) => (i === index ? change(v) : v)) };
}

// Replaces one variant's message in one locale.
export function withMessage(
  draft: ComposerDraft,
  index: number,
  locale: string,
  change: (message: MessageDraft) => MessageDraft,
): ComposerDraft {
  return withVariant(draft, index, (v) => ({ ...v, content: { ...v.content, [locale]: change(v.content[locale]) } }));
}

// The draft's fields of exactly this type (a union such as the TTL unit is not any string).
type KeysOf<T> = {
  [K in keyof ComposerDraft]: [T] extends [ComposerDraft[K]] ? ([ComposerDraft[K]] extends [T] ? K : never) : never;
}[keyof ComposerDraft];

// Inputs bound to one field of the draft: `text(key)` for a string (input or select), `check(key)` for a
// boolean checkbox; each gives the current value and the change that writes it back.
export function useDraftBinding() {
  const { draft, update } = useComposer();
  return {
    text: (key: KeysOf<string>) => ({
      value: draft[key],
      onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
        update((d) => ({ ...d, [key]: e.target.value })),
    }),
    check: (key: KeysOf<boolean>) => ({
      checked: draft[key],
      onChange: (e: ChangeEvent<HTMLInputElement>) => update((d) => ({ ...d, [key]: e.target.checked })),
    }),
  };
}
