"use client";
// The payload budget of the draft: the per-provider meter shown under the content (what is over a
// limit blocks submitting, not saving: channel-limits.tsx lists it with the fixes).
import { useMemo, type ReactNode } from "react";
import { PayloadBudget } from "@/components/campaigns/payload-budget";
import { valuesFromDraft, type ComposerDraft } from "@/lib/campaigns/draft";

export function usePayloadCheck(draft: ComposerDraft, configured: readonly string[]): { meter: ReactNode } {
  const measured = useMemo(() => {
    const { campaign } = valuesFromDraft(draft);
    return { variants: campaign.variants, delivery: campaign.delivery };
  }, [draft]);
  return {
    meter: <PayloadBudget variants={measured.variants} delivery={measured.delivery} configured={configured} />,
  };
}
