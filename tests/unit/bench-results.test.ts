// The section every benchmark appends to bench/RESULTS.md.
import { describe, expect, it } from "vitest";
import { formatSection } from "@/bench/lib/results";

describe("bench results section", () => {
  it("dates the heading in UTC and lists the figures as bullets", () => {
    const text = formatSection(
      {
        title: "audience counts (segments)",
        command: "`npm run bench:segments` (10 devices)",
        machine: "nproc 2",
        lines: ["p50 1 ms", "target: met"],
      },
      new Date("2026-11-26T06:58:31Z"),
    );
    expect(text).toBe(
      [
        "",
        "## 2026-11-26 06:58 UTC: audience counts (segments)",
        "",
        "Command: `npm run bench:segments` (10 devices)",
        "Machine: nproc 2",
        "",
        "- p50 1 ms",
        "- target: met",
        "",
      ].join("\n"),
    );
  });
});
