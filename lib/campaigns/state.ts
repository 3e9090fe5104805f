// The campaign lifecycle: which event may move a campaign from which state, who may cause it, and
// when the two-person rule applies. Pure, so the server enforces it and the UI can show only the
// buttons that would work.
//
//   draft ──submit──▶ pending_approval ──approve──▶ scheduled ──start──▶ sending ──complete──▶ completed
//     ▲  └─submit (no approval needed)───────────────▲   │                 │  └──fail──▶ failed
//     └──reject / withdraw / edit─┘                    pause│◀──resume──┐    │pause
//                                                       ▼            │    ▼
//                                                     paused ────────┴────┘
//   cancel: from draft, pending_approval, scheduled, paused or sending.
import { can, type Actor, type Permission } from "@/lib/permissions";

export const campaignStates = [
  "draft",
  "pending_approval",
  "scheduled",
  "sending",
  "paused",
  "completed",
  "cancelled",
  "failed",
] as const;
export type CampaignState = (typeof campaignStates)[number];
export const campaignTypes = ["news", "announcement", "promotion"] as const;
export type CampaignType = (typeof campaignTypes)[number];

export type CampaignEvent =
  "submit" | "approve" | "reject" | "withdraw" | "edit" | "start" | "pause" | "resume" | "complete" | "fail" | "cancel";

export interface CampaignFacts {
  state: CampaignState;
  type: CampaignType;
  breaking: boolean;
  audience: number;
  // Who submitted it for approval (the two-person rule compares the approver with this user).
  submittedById: string | null;
  // True once any wave has started sending (resume then returns to sending, not scheduled).
  started: boolean;
}

export interface CampaignActor extends Actor {
  id: string;
}

export const defaultApprovalThreshold = 10_000;

// The permission that lets a user write campaigns of this type.
export function typePermission(type: CampaignType): Permission {
  return `campaigns.${type}` as Permission;
}

// Promotions always need a second person; so does any campaign over the app's audience threshold,
// except breaking news, which must not wait.
export function requiresApproval(
  facts: Pick<CampaignFacts, "type" | "breaking" | "audience">,
  threshold = defaultApprovalThreshold,
): boolean {
  if (facts.type === "promotion") return true;
  if (facts.type === "news" && facts.breaking) return false;
  return facts.audience > threshold;
}

export type TransitionResult =
  | { ok: true; next: CampaignState }
  | { ok: false; code: "invalid_transition" | "forbidden" | "same_person"; message: string };

const refuse = (code: "invalid_transition" | "forbidden" | "same_person", message: string): TransitionResult => ({
  ok: false,
  code,
  message,
});

// What `event` does to a campaign with these facts when `actor` causes it ("system" for the
// dispatcher's start / complete / fail). Editing is possible only before sending starts.
export function transition(
  facts: CampaignFacts,
  event: CampaignEvent,
  actor: CampaignActor | "system",
  threshold = defaultApprovalThreshold,
): TransitionResult {
  const { state } = facts;
  const systemEvent = event === "start" || event === "complete" || event === "fail";
  if (systemEvent !== (actor === "system"))
    return refuse(
      "forbidden",
      systemEvent ? "Only the dispatcher starts, completes or fails a campaign." : "The dispatcher cannot do that.",
    );
  if (actor !== "system") {
    const writer = can(actor, typePermission(facts.type));
    const approver = can(actor, "campaigns.approve");
    if (event === "approve" || event === "reject") {
      if (!approver) return refuse("forbidden", "Only users who may approve campaigns can do that.");
      if (event === "approve" && facts.submittedById === actor.id)
        return refuse("same_person", "A campaign must be approved by someone other than the person who submitted it.");
    } else if (!writer && !(approver && (event === "pause" || event === "resume" || event === "cancel"))) {
      return refuse("forbidden", `Your role cannot ${event} ${facts.type} campaigns.`);
    }
  }
  const moves: Partial<Record<CampaignEvent, Partial<Record<CampaignState, CampaignState>>>> = {
    submit: { draft: requiresApproval(facts, threshold) ? "pending_approval" : "scheduled" },
    approve: { pending_approval: "scheduled" },
    reject: { pending_approval: "draft" },
    withdraw: { pending_approval: "draft" },
    edit: { draft: "draft", pending_approval: "draft", scheduled: "draft" },
    start: { scheduled: "sending" },
    pause: { scheduled: "paused", sending: "paused" },
    resume: { paused: facts.started ? "sending" : "scheduled" },
    complete: { sending: "completed" },
    fail: { sending: "failed", scheduled: "failed" },
    cancel: {
      draft: "cancelled",
      pending_approval: "cancelled",
      scheduled: "cancelled",
      paused: "cancelled",
      sending: "cancelled",
    },
  };
  const next = moves[event]?.[state];
  if (!next)
    return refuse("invalid_transition", `A ${state.replace("_", " ")} campaign cannot be ${pastTense[event]}.`);
  return { ok: true, next };
}

const pastTense: Record<CampaignEvent, string> = {
  submit: "submitted",
  approve: "approved",
  reject: "rejected",
  withdraw: "withdrawn",
  edit: "edited",
  start: "started",
  pause: "paused",
  resume: "resumed",
  complete: "completed",
  fail: "failed",
  cancel: "cancelled",
};

// Content, audience and schedule can change only before any device has been sent to.
export function isEditable(state: CampaignState): boolean {
  return state === "draft" || state === "pending_approval" || state === "scheduled";
}

// The events `actor` could cause right now (for showing buttons).
export function availableEvents(
  facts: CampaignFacts,
  actor: CampaignActor,
  threshold = defaultApprovalThreshold,
): CampaignEvent[] {
  const events: CampaignEvent[] = ["submit", "approve", "reject", "withdraw", "edit", "pause", "resume", "cancel"];
  return events.filter((event) => transition(facts, event, actor, threshold).ok);
}
