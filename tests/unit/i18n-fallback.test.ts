// A missing message shows its key path (which the Chinese page walk looks for) and is logged.
import { createTranslator } from "next-intl";
import { afterEach, describe, expect, it, vi } from "vitest";
import { messageFallback, onMessageError } from "@/i18n/fallback";
import { untranslatedFindings } from "../support/untranslated";

describe("missing messages", () => {
  afterEach(() => vi.restoreAllMocks());

  it("show their key path, log a warning, and the page walk's finder sees them", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const t = createTranslator({
      locale: "zh-CN",
      messages: { audit: { title: "审计日志" } },
      namespace: "audit",
      onError: onMessageError,
      getMessageFallback: messageFallback,
    });
    expect(t("title")).toBe("审计日志");
    const shown = (t as unknown as (key: string) => string)("columns.time");
    expect(shown).toBe("audit.columns.time");
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("MISSING_MESSAGE"));
    expect(untranslatedFindings([shown], { namespaces: ["audit"], stored: [] })).not.toEqual([]);
  });
});
