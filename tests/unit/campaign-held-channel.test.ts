// The campaign page while a channel is held by its circuit breaker (a push-service outage): the live
// progress names the channel, since when and the next try, in English and Simplified Chinese; and the
// "Resend to failed" button with its texts (a missing message fails the render).
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { CampaignProgress } from "@/components/campaigns/campaign-progress";
import { ResendFailedButton } from "@/components/campaigns/resend-failed-button";
import type { CampaignProgress as Progress } from "@/lib/campaigns/types";
import { renderWithMessages } from "../support/render-intl";

const progress: Progress = {
  state: "sending",
  pausedReason: null,
  startedAt: "2026-11-25T12:00:00Z",
  completedAt: null,
  targeted: 1000,
  queued: 600,
  sent: 400,
  delivered: 0,
  failed: 0,
  suppressed: 0,
  opened: 0,
  openRate: null,
  waves: [],
  failures: [],
  suppressions: [],
  held: [{ channel: "fcm", since: "2026-11-25T12:03:00Z", nextTry: "2026-11-25T12:04:10Z", lastError: "UNAVAILABLE" }],
  at: "2026-11-25T12:03:30Z",
};

describe("campaign page: held channel", () => {
  it.each([
    ["en", "FCM unavailable since 12:03 PM UTC, next try 12:04:10 PM UTC"],
    ["zh-CN", "FCM 自 12:03 UTC 起不可用，下次尝试 12:04:10 UTC"],
  ] as const)("names the held channel in %s", async (locale, text) => {
    const html = await renderWithMessages(
      locale,
      createElement(CampaignProgress, { campaignId: "c", initial: progress }),
    );
    expect(html).toContain(text);
    expect(html).toContain("UNAVAILABLE");
  });

  it("says nothing of a held channel once the campaign is not sending, or when none is held", async () => {
    for (const initial of [
      { ...progress, state: "paused" },
      { ...progress, held: [] },
    ]) {
      const html = await renderWithMessages("en", createElement(CampaignProgress, { campaignId: "c", initial }));
      expect(html).not.toContain("unavailable since");
    }
  });

  it.each([
    ["en", "Resend to failed"],
    ["zh-CN", "重发失败的设备"],
  ] as const)("offers Resend to failed in %s", async (locale, text) => {
    const html = await renderWithMessages(
      locale,
      createElement(ResendFailedButton, { campaignId: "c", appName: "News", count: 12 }),
    );
    expect(html).toContain(text);
  });
});
