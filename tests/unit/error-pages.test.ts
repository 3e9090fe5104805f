// The error page a failed console page shows: translated, with "try again" and a way back, in both
// languages (the 404 pages are walked in the browser by tests/e2e/chinese-throughout.test.ts).
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { ErrorView } from "@/components/errors/error-view";
import { renderWithMessages } from "../support/render-intl";

describe("error page", () => {
  for (const [locale, title, retry, back] of [
    ["en", "This page could not be shown", "Try again", "Back to the overview"],
    ["zh-CN", "无法显示此页面", "重试", "返回概览"],
  ] as const)
    it(`${locale}: says what happened and offers a retry and a way back`, async () => {
      const html = await renderWithMessages(locale, createElement(ErrorView, { digest: "abc123", reset: () => {} }));
      expect(html).toContain(`<h1 class="text-2xl font-semibold">${title}</h1>`);
      expect(html).toContain(`>${retry}</button>`);
      expect(html).toMatch(new RegExp(`<a[^>]*href="/"[^>]*>${back}</a>`));
      expect(html).toContain("abc123");
    });
});
