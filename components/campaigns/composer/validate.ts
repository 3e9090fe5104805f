// Checks the composer's state in the browser with the same rules the server applies (the shared zod
// schema and lib/schedule), plus what only the form can get wrong (a segment picked but not chosen,
// a data key typed twice). Keys are the server's field paths ("campaign.variants.0.content.en.title",
// "schedule.time"); messages are keys under "campaigns.errors", or "schedule:<code>".
import { campaignContentInput } from "@/lib/campaigns/input";
import { validateSchedule } from "@/lib/schedule";
import { tryParseSegment } from "@/lib/segments";
import { valuesFromDraft, type ComposerDraft } from "@/lib/campaigns/draft";

export type FieldErrorMap = Record<string, string[]>;

// Key of the expression's parse problem: counted (it blocks saving) but not printed, since the
// expression field shows the failing position itself.
export const expressionParseKey = "campaign.expression#parse";

export function validateDraft(draft: ComposerDraft, now: Date): FieldErrorMap {
  const out: FieldErrorMap = {};
  const add = (key: string, message: string) => {
    const list = (out[key] ??= []);
    if (!list.includes(message)) list.push(message);
  };
  const { campaign, schedule } = valuesFromDraft(draft);
  const parsed = campaignContentInput.safeParse(campaign);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // Built-in zod messages (a record key, a number that is not one) get composer keys instead.
      const message =
        issue.code === "invalid_key"
          ? "dataKeyInvalid"
          : issue.code === "invalid_type"
            ? "numberInvalid"
            : issue.message;
      add(["campaign", ...issue.path.map(String)].join("."), message);
    }
  }
  if (draft.audience === "segment" && !draft.segmentId) add("campaign.segmentId", "segmentRequired");
  if (draft.audience === "expression" && draft.expression.trim() && !tryParseSegment(draft.expression).ok)
    add(expressionParseKey, "expression");
  draft.variants.forEach((variant, index) => {
    for (const locale of variant.locales) {
      const seen = new Set<string>();
      for (const pair of variant.content[locale]?.data ?? []) {
        const key = pair.key.trim();
        if (!key && !pair.value) continue;
        if (seen.has(key)) add(`campaign.variants.${index}.content.${locale}.data.${key}`, "dataKeyDuplicate");
        seen.add(key);
      }
    }
  });
  for (const issue of validateSchedule(schedule, { now })) add(`schedule.${issue.field}`, `schedule:${issue.code}`);
  return out;
}

// True when `key` or anything under it has an error.
export function hasErrorsUnder(errors: FieldErrorMap, prefix: string): boolean {
  return Object.keys(errors).some((key) => key === prefix || key.startsWith(`${prefix}.`));
}
