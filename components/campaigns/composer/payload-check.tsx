"use client";
// The payload budget of the draft: the per-provider meter shown under the content, the problems
// that block saving (message keys under "campaigns.errors"; the server refuses the same ones), and
// how many texts a vendor will cut short (a warning: the campaign still saves and sends).
import { useMemo, type ReactNode } from "react";
import { PayloadBudget } from "@/components/campaigns/payload-budget";
import { payloadClips, payloadProblems } from "@/lib/campaigns/payload";
import { valuesFromDraft, type ComposerDraft } from "@/lib/campaigns/draft";

export function usePayloadCheck(draft: ComposerDraft): { meter: ReactNode; problems: string[]; clipped: number } {
  const measured = useMemo(() => {
    const { campaign } = valuesFromDraft(draft);
    return { variants: campaign.variants, delivery: campaign.delivery };
  }, [draft]);
  const problems = useMemo(() => payloadProblems(measured), [measured]);
  const clipped = useMemo(() => payloadClips(measured).length, [measured]);
  return { meter: <PayloadBudget variants={measured.variants} delivery={measured.delivery} />, problems, clipped };
}
