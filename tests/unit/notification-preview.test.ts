// The notification preview renders in both languages: radix tabs for Android, iOS and desktop, the
// platform truncation classes, the image only when there is one, placeholders for empty fields.
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { NotificationPreview } from "@/components/campaigns/notification-preview";
import { MacPreview, WindowsPreview } from "@/components/campaigns/notification-preview/desktop";
import { IosPreview } from "@/components/campaigns/notification-preview/ios";
import { renderWithMessages } from "../support/render-intl";

const content = {
  title: "Goal!",
  body: "Shanghai 2-1 Beijing",
  imageUrl: "https://cdn.example.com/goal.jpg",
  url: "https://news.example.com/match/42",
};

describe("NotificationPreview", () => {
  it("offers three platform tabs and shows Android first, with the big picture (English)", async () => {
    const html = await renderWithMessages(
      "en",
      createElement(NotificationPreview, { appName: "Daily News", content, sound: "default", badge: 3 }),
    );
    expect(html.match(/role="tab"/g)).toHaveLength(3);
    expect(html).toMatch(/role="tab"[^>]*aria-selected="true"[^>]*>Android</);
    expect(html).toContain("Heads-up (collapsed)");
    // Thumbnail in the heads-up card and the big picture in the shade.
    expect(html.match(/src="https:\/\/cdn.example.com\/goal.jpg"/g)).toHaveLength(2);
    expect(html).toMatch(/line-clamp-1[^"]*"[^>]*>Shanghai/);
    expect(html).toContain("Sound: default");
    expect(html).toContain("Badge: 3");
    expect(html).toContain("Opens https://news.example.com/match/42");
  });

  it("shows placeholders and no image for empty content, silent without a sound (Chinese)", async () => {
    const html = await renderWithMessages(
      "zh-CN",
      createElement(NotificationPreview, { appName: "每日新闻", content: { title: " ", body: "" } }),
    );
    expect(html).toContain("通知标题");
    expect(html).toContain("通知正文");
    expect(html).toContain("无提示音");
    expect(html).not.toContain("<img");
    expect(html).toContain("桌面浏览器");
  });

  it("iOS: title on one line, body up to four, the badge on the icon", async () => {
    const html = await renderWithMessages(
      "en",
      createElement(IosPreview, { appName: "Daily News", content, badge: 120, dark: false }),
    );
    expect(html).toMatch(/class="[^"]*truncate[^"]*"[^>]*>Goal!</);
    expect(html).toMatch(/class="[^"]*line-clamp-4[^"]*"[^>]*>Shanghai/);
    expect(html).toContain(">99+<");
  });

  it("desktop: the site's host for web links, Windows shows the image as a hero", async () => {
    const mac = await renderWithMessages(
      "en",
      createElement(MacPreview, { appName: "Daily News", content, dark: true }),
    );
    expect(mac).toContain("news.example.com<");
    expect(mac).toMatch(/line-clamp-2[^"]*"[^>]*>Shanghai/);
    const windows = await renderWithMessages(
      "zh-CN",
      createElement(WindowsPreview, {
        appName: "每日新闻",
        content: { ...content, url: "news://match/42" },
        dark: false,
      }),
    );
    expect(windows).toContain("Google Chrome");
    expect(windows).toContain("aspect-[364/180]");
    // A deep link names no site: the app's name stands in.
    expect(windows).toMatch(/truncate[^"]*"[^>]*>每日新闻</);
  });
});
