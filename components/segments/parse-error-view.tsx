"use client";
// Shows where an audience expression fails to parse: the message, and the failing line with the
// bad span underlined and a caret under it.
import { useLocale, useTranslations } from "next-intl";
import { locate as locateIn, type SegmentParseIssue } from "@/lib/segments";

// Line and column (1-based, as the parser's own messages count) and the line's text for a 0-based
// offset into `source`.
export function locate(source: string, position: number) {
  const where = locateIn(source, position);
  const lineEnd = source.indexOf("\n", position);
  return {
    ...where,
    text: source.slice(where.lineStart, lineEnd === -1 ? undefined : lineEnd).replace(/\t/g, " "),
  };
}

function useExpectedText() {
  const t = useTranslations("segments.expectedItems");
  return (item: string) => {
    if (item.startsWith("field (")) return t("field");
    if (item === "end of expression") return t("end");
    if (item === "value" || item === "version" || item === "duration") return t(item);
    return `“${item}”`;
  };
}

export function ParseErrorView({ source, issue, id }: { source: string; issue: SegmentParseIssue; id?: string }) {
  const t = useTranslations("segments.parse");
  const locale = useLocale();
  const expectedText = useExpectedText();
  const where = locate(source, issue.position);
  const start = issue.position - where.lineStart;
  // At the end of the expression there is nothing to underline: a space stands in for the missing token.
  const bad = where.text.slice(start, start + issue.length) || " ";
  // The same 1-based line and column as the English parser message names.
  const headline =
    locale === "en"
      ? issue.message
      : source.includes("\n")
        ? t("headlineLine", { line: where.line, column: where.column })
        : t("headline", { column: where.column });
  const expected = [...new Set(issue.expected.map(expectedText))].join(locale === "en" ? ", " : "、");
  return (
    <div
      id={id}
      role="alert"
      className="space-y-1.5 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
    >
      <p className="font-medium">{headline}</p>
      {/* English parser messages already say what was expected; other languages get the list translated. */}
      {locale === "en" || !expected ? null : <p className="text-xs">{t("expected", { items: expected })}</p>}
      <pre
        aria-label={t("errorAt", { line: where.line, column: where.column })}
        className="overflow-x-auto rounded bg-white px-2 py-1 font-mono text-xs leading-5 text-slate-800"
      >
        <span>{where.text.slice(0, start)}</span>
        <span className="bg-red-100 text-red-700 underline decoration-red-600 decoration-wavy underline-offset-4">
          {bad}
        </span>
        <span>{where.text.slice(start + bad.length)}</span>
        {"\n"}
        <span aria-hidden className="text-red-600">
          {" ".repeat(start)}
          {"^".repeat(Math.max(1, Math.min(bad.length, 80)))}
        </span>
      </pre>
    </div>
  );
}
