// <Time> and the time zone switch as the browser gets them: the display zone from the nearest scope,
// labelled, in both languages; the switch offers the app's zone, UTC and every other zone, with the
// saved choice selected even before the browser's own zone is known.
import { createElement } from "react";
import { describe, expect, it, vi } from "vitest";
import { renderWithMessages } from "../support/render-intl";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => undefined }) }));
vi.mock("@/server/preferences/actions", () => ({ setTimeZoneChoice: async () => undefined }));

const { Time, TimeZoneScope } = await import("@/components/time/time-zone-context");
const { TimeZoneSwitch } = await import("@/components/time/time-zone-switch");

const at = new Date("2026-12-07T07:24:50Z");
const inScope = (zone: string) => createElement(TimeZoneScope, { zone }, createElement(Time, { value: at }));

describe("<Time>", () => {
  it("shows the instant in the scope's zone with its label, the zone named in the tooltip", async () => {
    const en = await renderWithMessages("en", inScope("Asia/Shanghai"));
    expect(en).toContain('dateTime="2026-12-07T07:24:50.000Z"');
    expect(en).toContain('title="Asia/Shanghai"');
    expect(en.replace(/\s/g, " ")).toContain("Dec 7, 2026, 3:24 PM GMT+8");
    const zh = await renderWithMessages("zh-CN", inScope("UTC"));
    expect(zh).toContain("2026年12月7日 07:24 UTC");
  });
});

describe("time zone switch", () => {
  it("is labelled in both languages and keeps the saved choice selected", async () => {
    const en = await renderWithMessages("en", createElement(TimeZoneSwitch, { choice: { kind: "utc" } }));
    expect(en).toContain('aria-label="Time zone"');
    expect(en).toContain("App time (each app&#x27;s zone)");
    expect(en).toMatch(/<option value="utc" selected="">UTC<\/option>/);
    const zh = await renderWithMessages(
      "zh-CN",
      createElement(TimeZoneSwitch, { choice: { kind: "browser", zone: "America/New_York" } }),
    );
    expect(zh).toContain('aria-label="时区"');
    expect(zh).toContain(
      '<option value="browser:America/New_York" selected="">我的浏览器时区（America/New_York）</option>',
    );
  });
});
