// The campaign lifecycle and the two-person rule.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  availableEvents,
  campaignStates,
  isEditable,
  requiresApproval,
  transition,
  type CampaignActor,
  type CampaignEvent,
  type CampaignFacts,
} from "@/lib/campaigns/state";

const admin: CampaignActor = { id: "admin-1", role: "admin" };
const admin2: CampaignActor = { id: "admin-2", role: "admin" };
const editor: CampaignActor = { id: "editor-1", role: "editor" };
const marketer: CampaignActor = { id: "marketer-1", role: "marketer" };
const analyst: CampaignActor = { id: "analyst-1", role: "analyst" };

const facts = (over: Partial<CampaignFacts> = {}): CampaignFacts => ({
  state: "draft",
  type: "announcement",
  breaking: false,
  audience: 100,
  submittedById: null,
  started: false,
  ...over,
});
const next = (f: CampaignFacts, event: CampaignEvent, actor: CampaignActor | "system") => {
  const result = transition(f, event, actor);
  return result.ok ? result.next : result.code;
};

describe("requiresApproval", () => {
  it("always for promotions, never for breaking news, above the threshold for the rest", () => {
    expect(requiresApproval({ type: "promotion", breaking: false, audience: 1 })).toBe(true);
    expect(requiresApproval({ type: "news", breaking: true, audience: 5_000_000 })).toBe(false);
    expect(requiresApproval({ type: "news", breaking: false, audience: 10_001 })).toBe(true);
    expect(requiresApproval({ type: "announcement", breaking: false, audience: 10_000 })).toBe(false);
    expect(requiresApproval({ type: "announcement", breaking: false, audience: 10_001 })).toBe(true);
    expect(requiresApproval({ type: "announcement", breaking: false, audience: 501 }, 500)).toBe(true);
  });
});

describe("transition", () => {
  it("schedules breaking news an editor submits, at any audience size", () => {
    expect(next(facts({ type: "news", breaking: true, audience: 2_000_000 }), "submit", editor)).toBe("scheduled");
  });

  it("sends a marketer's promotion to approval, and only another approver can approve it", () => {
    const submitted = facts({ type: "promotion", state: "draft" });
    expect(next(submitted, "submit", marketer)).toBe("pending_approval");
    const pending = { ...submitted, state: "pending_approval" as const, submittedById: marketer.id };
    expect(next(pending, "approve", marketer)).toBe("forbidden");
    expect(next(pending, "approve", editor)).toBe("forbidden");
    expect(next(pending, "approve", admin)).toBe("scheduled");
    expect(next(pending, "reject", admin)).toBe("draft");
  });

  it("refuses approval by the person who submitted, even an admin", () => {
    const pending = facts({ type: "promotion", state: "pending_approval", submittedById: admin.id });
    expect(next(pending, "approve", admin)).toBe("same_person");
    expect(next(pending, "approve", admin2)).toBe("scheduled");
  });

  it("keeps each role to its campaign types; analysts can do nothing", () => {
    expect(next(facts({ type: "promotion" }), "submit", editor)).toBe("forbidden");
    expect(next(facts({ type: "news" }), "submit", marketer)).toBe("forbidden");
    for (const state of campaignStates) {
      for (const event of ["submit", "approve", "reject", "withdraw", "edit", "pause", "resume", "cancel"] as const) {
        expect(transition(facts({ state }), event, analyst).ok, `${state} ${event}`).toBe(false);
      }
    }
  });

  it("lets only the dispatcher start, complete and fail", () => {
    expect(next(facts({ state: "scheduled" }), "start", admin)).toBe("forbidden");
    expect(next(facts({ state: "scheduled" }), "start", "system")).toBe("sending");
    expect(next(facts({ state: "sending" }), "complete", "system")).toBe("completed");
    expect(next(facts({ state: "sending" }), "fail", "system")).toBe("failed");
    expect(next(facts({ state: "sending" }), "pause", "system" as never)).toBe("forbidden");
  });

  it("resumes to sending once started, to scheduled before", () => {
    expect(next(facts({ state: "paused", started: true }), "resume", editor)).toBe("sending");
    expect(next(facts({ state: "paused", started: false }), "resume", editor)).toBe("scheduled");
  });

  it("locks editing once sending starts; editing a scheduled campaign returns it to draft", () => {
    expect(next(facts({ state: "scheduled" }), "edit", editor)).toBe("draft");
    expect(next(facts({ state: "sending" }), "edit", editor)).toBe("invalid_transition");
    expect(next(facts({ state: "paused", started: true }), "edit", editor)).toBe("invalid_transition");
    expect(isEditable("sending")).toBe(false);
    expect(isEditable("scheduled")).toBe(true);
  });

  it("lets an approver pause or cancel a campaign of a type they do not write", () => {
    expect(next(facts({ type: "promotion", state: "sending" }), "pause", admin)).toBe("paused");
    expect(next(facts({ type: "promotion", state: "sending" }), "cancel", editor)).toBe("forbidden");
  });

  it("accepts nothing in a final state", () => {
    for (const state of ["completed", "cancelled", "failed"] as const) {
      expect(availableEvents(facts({ state }), admin)).toEqual([]);
      for (const event of ["start", "complete", "fail"] as const)
        expect(transition(facts({ state }), event, "system").ok).toBe(false);
    }
  });
});

describe("lifecycle property", () => {
  const actors = [admin, admin2, editor, marketer, analyst, "system"] as const;
  const events: CampaignEvent[] = [
    "submit",
    "approve",
    "reject",
    "withdraw",
    "edit",
    "start",
    "pause",
    "resume",
    "complete",
    "fail",
    "cancel",
  ];

  it("never sends a campaign that needed approval without one by a second person", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("news", "announcement", "promotion"),
        fc.boolean(),
        fc.integer({ min: 0, max: 50_000 }),
        fc.array(fc.tuple(fc.constantFrom(...events), fc.constantFrom(...actors)), { maxLength: 40 }),
        (type, breaking, audience, steps) => {
          let f: CampaignFacts = { state: "draft", type, breaking, audience, submittedById: null, started: false };
          let approvedBySecondPerson = false;
          for (const [event, actor] of steps) {
            const result = transition(f, event, actor);
            if (!result.ok) continue;
            if (event === "submit" && actor !== "system") f = { ...f, submittedById: actor.id };
            if (event === "approve" && actor !== "system") {
              expect(actor.id).not.toBe(f.submittedById);
              approvedBySecondPerson = true;
            }
            if (event === "edit" || event === "reject" || event === "withdraw") approvedBySecondPerson = false;
            if (result.next === "sending" && requiresApproval(f)) expect(approvedBySecondPerson).toBe(true);
            if (event === "start") f = { ...f, started: true };
            expect(["completed", "cancelled", "failed"]).not.toContain(f.state);
            f = { ...f, state: result.next };
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
