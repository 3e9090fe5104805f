// The schedule preview's request for the current draft, or null while the audience, the throttle or
// the schedule is not valid yet (the preview then waits instead of showing a refusal).
import type { ComposerSegment } from "@/server/campaigns/composer-data";
import type { SchedulePreviewInput } from "@/server/campaigns/schedule-preview";
import { valuesFromDraft, type ComposerDraft } from "@/lib/campaigns/draft";
import { expressionParseKey, type FieldErrorMap } from "./validate";

const blocking = (key: string) =>
  key.startsWith("schedule.") ||
  key === "campaign.segmentId" ||
  key === "campaign.expression" ||
  key === expressionParseKey ||
  key === "campaign.throttlePerMinute" ||
  key === "campaign.type";

export function previewRequest(
  draft: ComposerDraft,
  errors: FieldErrorMap,
  segments: ComposerSegment[],
): SchedulePreviewInput | null {
  if (Object.keys(errors).some(blocking)) return null;
  if (draft.audience === "segment" && !segments.some((s) => s.id === draft.segmentId)) return null;
  const { campaign, schedule } = valuesFromDraft(draft);
  return {
    appId: draft.appId,
    type: draft.type,
    breaking: Boolean(campaign.breaking),
    ...(campaign.segmentId ? { segmentId: campaign.segmentId } : {}),
    ...(campaign.expression ? { expression: campaign.expression } : {}),
    testDevicesOnly: draft.testDevicesOnly,
    ...(campaign.throttlePerMinute !== undefined ? { throttlePerMinute: campaign.throttlePerMinute } : {}),
    schedule,
  };
}
