// How the segment actions' results read (keys under "segments.errors"), for useActionResultText:
// "inUse:<n>" carries the number of campaigns; parser messages pass through.
import { formResultRules, type ResultTextRules } from "@/components/forms/result-text";

// The settings forms' rules, with the in-use count put into words.
export const segmentResultRules: ResultTextRules = {
  ...formResultRules,
  code(code, t) {
    const inUse = /^inUse:(\d+)$/.exec(code);
    if (inUse) return t("errors.inUse", { count: Number(inUse[1]) });
    return t.has(`errors.${code}`) ? t(`errors.${code}`) : code;
  },
};
