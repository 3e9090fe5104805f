// The A/B roll-out's pure parts: the test share is a stable hash slice of the expected size, and the
// winner is the significant leader, else what the fallback rule says (or nothing: wait for a click).
import { describe, expect, it } from "vitest";
import { inTestShare } from "@/server/dispatch/assign";
import { chooseWinner, standing } from "@/server/campaigns/rollout-choice";

const ids = Array.from({ length: 20_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);

describe("A/B roll-out", () => {
  it("takes a stable slice of about the test share", () => {
    const share = ids.filter((id) => inTestShare("c1", id, 20)).length / ids.length;
    expect(share).toBeGreaterThan(0.19);
    expect(share).toBeLessThan(0.21);
    expect(ids.filter((id) => inTestShare("c1", id, 20))).toEqual(ids.filter((id) => inTestShare("c1", id, 20)));
    // A larger share contains the smaller one, so the rest is exactly the others.
    expect(ids.filter((id) => inTestShare("c1", id, 10) && !inTestShare("c1", id, 20))).toEqual([]);
  });

  const clear = [
    { key: "A", sent: 1000, opened: 100, clicked: 10, converted: 30 },
    { key: "B", sent: 1000, opened: 200, clicked: 12, converted: 31 },
  ];
  const tie = [
    { key: "A", sent: 1000, opened: 100, clicked: 10, converted: 20 },
    { key: "B", sent: 1000, opened: 104, clicked: 10, converted: 60 },
  ];

  it("sends the significant winner on the chosen metric", () => {
    expect(chooseWinner(clear, "opened", "wait")).toEqual({ winner: "B", decision: "significant" });
    expect(standing(clear, "opened")).toMatchObject({ leader: "B", significant: true });
    // On clicks the same numbers are a tie.
    expect(standing(clear, "clicked")).toMatchObject({ leader: "B", significant: false });
  });

  it("can choose by conversions to the campaign's goal", () => {
    // Opens are a tie, conversions are not: B wins by its goal, and the clear open winner B is no
    // winner by conversions (31 against 30).
    expect(chooseWinner(tie, "goal", "wait")).toEqual({ winner: "B", decision: "significant" });
    expect(standing(tie, "goal")).toMatchObject({ leader: "B", significant: true, rates: { A: 0.02, B: 0.06 } });
    expect(standing(clear, "goal")).toMatchObject({ leader: "B", significant: false });
    expect(chooseWinner(clear, "goal", "wait")).toBeNull();
  });

  it("follows the fallback rule when nothing is significant", () => {
    expect(chooseWinner(tie, "opened", "leader")).toEqual({ winner: "B", decision: "leader" });
    expect(chooseWinner(tie, "opened", "first_variant")).toEqual({ winner: "A", decision: "first_variant" });
    expect(chooseWinner(tie, "opened", "wait")).toBeNull();
    const none = tie.map((v) => ({ ...v, sent: 0, opened: 0, clicked: 0, converted: 0 }));
    expect(chooseWinner(none, "opened", "leader")).toEqual({ winner: "A", decision: "leader" });
  });
});

describe("the composer's roll-out fields", () => {
  it("go to the server as minutes, only with two variants, and come back as typed", async () => {
    const { blankRollout, rolloutDraftFrom, rolloutValues } = await import("@/lib/campaigns/rollout-draft");
    const on = { ...blankRollout(), enabled: true };
    expect(rolloutValues(on, 2)).toEqual({
      rollout: { testPercent: 20, waitMinutes: 240, metric: "opened", fallback: "leader" },
    });
    expect(rolloutValues(on, 1)).toEqual({});
    expect(rolloutValues(blankRollout(), 2)).toEqual({});
    expect(rolloutDraftFrom({ testPercent: 10, waitMinutes: 2880, metric: "clicked", fallback: "wait" })).toEqual({
      enabled: true,
      share: "10",
      wait: "2",
      waitUnit: "days",
      metric: "clicked",
      fallback: "wait",
    });
    expect(rolloutValues({ ...on, share: "" }, 2).rollout!.testPercent).toBeNaN();
  });
});

describe("the goal metric's validation", () => {
  const content = {
    appId: "00000000-0000-4000-8000-000000000001",
    type: "promotion",
    name: "Spring sale",
    delivery: {},
    variants: ["A", "B"].map((key) => ({
      key,
      splitPercent: 50,
      fallbackLocale: "en",
      content: { en: { title: `Sale ${key}`, body: "Everything half price today" } },
    })),
  };

  it("refuses winner by conversions without a conversion goal, on the metric field", async () => {
    const { rolloutGoalIssue } = await import("@/lib/campaigns/rollout");
    expect(rolloutGoalIssue({ metric: "goal" }, undefined)).toBe("rolloutGoalNeedsGoal");
    expect(rolloutGoalIssue({ metric: "goal" }, { event: "purchase" })).toBeNull();
    expect(rolloutGoalIssue({ metric: "opened" }, undefined)).toBeNull();
    expect(rolloutGoalIssue(undefined, undefined)).toBeNull();
  });

  it("takes the goal metric in the campaign's input only with a goal", async () => {
    const { campaignContentInput } = await import("@/lib/campaigns/input");
    const rollout = { testPercent: 20, waitMinutes: 240, metric: "goal" };
    const without = campaignContentInput.safeParse({ ...content, rollout });
    const issues = without.success ? [] : without.error.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues).toContainEqual(["rollout.metric", "rolloutGoalNeedsGoal"]);
    const goal = { event: "purchase", windowSeconds: 86_400 };
    const withGoal = campaignContentInput.safeParse({ ...content, rollout, goal });
    expect(withGoal.success && withGoal.data.rollout).toMatchObject({ metric: "goal" });
  });
});
