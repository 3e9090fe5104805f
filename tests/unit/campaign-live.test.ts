// The campaign page's live source: how often it asks (lib/campaigns/live-poll.ts), which banner it
// shows after a lifecycle button, and the progress card's opens and open rate in both languages.
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { CampaignProgress } from "@/components/campaigns/campaign-progress";
import { LIVE_TAIL_MS, bannerKey, nextPollDelay } from "@/lib/campaigns/live-poll";
import type { CampaignProgress as Progress } from "@/lib/campaigns/types";
import { renderWithMessages } from "../support/render-intl";

const now = Date.parse("2026-11-25T12:00:00Z");
const ago = (ms: number) => new Date(now - ms).toISOString();

describe("poll schedule", () => {
  it("follows a campaign closely while the worker moves it", () => {
    expect(nextPollDelay({ state: "sending", completedAt: null }, now)).toBe(1_000);
    expect(nextPollDelay({ state: "scheduled", completedAt: null }, now)).toBe(1_000);
    expect(nextPollDelay({ state: "paused", completedAt: null }, now)).toBe(5_000);
  });

  it("keeps asking after completion, less and less often, for the receipts and opens", () => {
    const delays = [0, 60_000, 10 * 60_000, 30 * 60_000, 5 * 3600_000, LIVE_TAIL_MS - 1].map((since) =>
      nextPollDelay({ state: "completed", completedAt: ago(since) }, now),
    );
    expect(delays.every((d) => d !== null)).toBe(true);
    expect(delays[0]).toBeLessThanOrEqual(2_000);
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(delays.at(-1)!).toBeGreaterThan(delays[0]!);
  });

  it("stops a day after completion, and for a final state that never completed", () => {
    expect(nextPollDelay({ state: "completed", completedAt: ago(LIVE_TAIL_MS) }, now)).toBeNull();
    expect(nextPollDelay({ state: "cancelled", completedAt: null }, now)).toBeNull();
  });

  it("checks now and then on states only a person moves on", () => {
    expect(nextPollDelay({ state: "pending_approval", completedAt: null }, now)).toBeGreaterThan(1_000);
    expect(nextPollDelay({ state: "draft", completedAt: null }, now)).toBeGreaterThan(1_000);
  });

  it("backs off after failed requests, up to a minute", () => {
    const facts = { state: "sending", completedAt: null };
    expect(nextPollDelay(facts, now, 1)).toBe(2_000);
    expect(nextPollDelay(facts, now, 2)).toBe(4_000);
    expect(nextPollDelay(facts, now, 20)).toBe(60_000);
  });
});

describe("banner after a lifecycle button", () => {
  it("says what the button did while that is still the state", () => {
    expect(bannerKey("scheduled", "scheduled", false)).toBe("done.scheduled");
    expect(bannerKey("paused", "paused", true)).toBe("done.paused");
  });

  it("never says a send-now campaign goes out as planned", () => {
    expect(bannerKey("scheduled", "scheduled", true)).toBe("now.startingNow");
    expect(bannerKey("sending", "scheduled", true)).toBe("now.sending");
    expect(bannerKey("completed", "scheduled", true)).toBe("now.completed");
  });

  it("shows nothing before a button was used", () => {
    expect(bannerKey("sending", null, true)).toBeNull();
  });
});

const progress: Progress = {
  state: "completed",
  pausedReason: null,
  startedAt: "2026-11-25T11:00:00Z",
  completedAt: "2026-11-25T11:01:00Z",
  targeted: 8,
  queued: 0,
  sent: 8,
  delivered: 8,
  failed: 0,
  suppressed: 0,
  opened: 5,
  openRate: 0.625,
  waves: [],
  failures: [],
  suppressions: [],
  held: [],
  at: "2026-11-25T11:05:00Z",
};

describe("progress card: opens", () => {
  it.each([
    ["en", "Opened", "Open rate", "62.5%"],
    ["zh-CN", "已打开", "打开率", "62.5%"],
  ] as const)("shows opened and the open rate next to delivered in %s", async (locale, opened, rate, value) => {
    const html = await renderWithMessages(locale, createElement(CampaignProgress, { initial: progress }));
    expect(html).toContain(opened);
    expect(html).toMatch(new RegExp(`data-testid="progress-opened"[^>]*>5<`));
    expect(html).toContain(rate);
    expect(html).toMatch(new RegExp(`data-testid="progress-openRate"[^>]*>${value}<`));
  });

  it("shows a dash for the open rate before anything could be opened", async () => {
    const html = await renderWithMessages(
      "en",
      createElement(CampaignProgress, { initial: { ...progress, openRate: null } }),
    );
    expect(html).toMatch(/data-testid="progress-openRate"[^>]*>—</);
  });
});
