// Input shapes and rules for saved audience segments (shared by the actions, the page and the dialogs).
import { z } from "zod";
import { can, type Actor } from "@/lib/permissions";
import { SEGMENT_DESCRIPTION_MAX, SEGMENT_EXPRESSION_MAX, SEGMENT_NAME_MAX } from "@/lib/segments/limits";

// Campaign states in which a campaign still reads its segment: deleting the segment is refused then.
export const SEGMENT_LOCKING_STATES = ["draft", "pending_approval", "scheduled", "sending", "paused"] as const;

// Whoever may write any kind of campaign may maintain the segments campaigns target; analysts only look.
export function canManageSegments(user: Actor | null | undefined): boolean {
  return can(user, "campaigns.news") || can(user, "campaigns.announcement") || can(user, "campaigns.promotion");
}

// Field error codes are message keys under "segments.errors" (the client translates them); the
// expression's parse errors are the parser's own message with its position.
const name = z.string("nameRequired").trim().min(1, "nameRequired").max(SEGMENT_NAME_MAX, "nameTooLong");
const description = z
  .string()
  .trim()
  .max(SEGMENT_DESCRIPTION_MAX, "descriptionTooLong")
  .optional()
  .transform((value) => value || null);
const expression = z
  .string("expressionRequired")
  .trim()
  .min(1, "expressionRequired")
  .max(SEGMENT_EXPRESSION_MAX, "expressionTooLong");

// New segment: which app, its name, an optional description and the audience expression.
export const createSegmentInput = z.object({ appId: z.uuid("appIdInvalid"), name, description, expression });

// Changes to a segment; appId scopes the lookup so a segment of another app is "not found".
export const updateSegmentInput = createSegmentInput.extend({ segmentId: z.uuid("segmentIdInvalid") });

// Which segment to delete.
export const deleteSegmentInput = z.object({ appId: z.uuid("appIdInvalid"), segmentId: z.uuid("segmentIdInvalid") });

export type CreateSegmentInput = z.output<typeof createSegmentInput>;
