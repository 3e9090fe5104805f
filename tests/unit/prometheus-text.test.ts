// The strict text-format reader that the /metrics tests rely on (tests/support/prometheus-text.ts):
// it reads what prom-client writes, values and labels included, and refuses each kind of broken
// exposition, so a test that "parses" a scrape can fail.
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { parsePrometheusText, sampleValue } from "../support/prometheus-text";

describe("Prometheus text format reader", () => {
  it("reads prom-client's output: types, help, escaped label values, histogram series", async () => {
    const registry = new Registry();
    new Counter({ name: "a_total", help: 'Say "hi"\\ and\nmore', labelNames: ["k"], registers: [registry] }).inc(
      { k: 'q"u\\o\nte' },
      3,
    );
    new Gauge({ name: "g", help: "gauge", registers: [registry] }).set(-1.5e-3);
    const histogram = new Histogram({
      name: "h_seconds",
      help: "h",
      labelNames: ["c"],
      buckets: [0.1, 1],
      registers: [registry],
    });
    histogram.observe({ c: "x" }, 0.5);
    histogram.observe({ c: "x" }, 5);
    histogram.observe({ c: "y" }, 0.05);
    const families = parsePrometheusText(await registry.metrics());
    expect(families.get("a_total")).toMatchObject({ type: "counter", help: 'Say "hi"\\ and\nmore' });
    expect(sampleValue(families, "a_total", { k: 'q"u\\o\nte' })).toBe(3);
    expect(sampleValue(families, "g")).toBe(-0.0015);
    expect(sampleValue(families, "h_seconds_bucket", { c: "x", le: "1" })).toBe(1);
    expect(sampleValue(families, "h_seconds_bucket", { c: "x", le: "+Inf" })).toBe(2);
    expect(sampleValue(families, "h_seconds_count", { c: "y" })).toBe(1);
    expect(sampleValue(families, "h_seconds_sum", { c: "x" })).toBe(5.5);
    expect(families.get("h_seconds")!.samples).toHaveLength(10);
  });

  it("reads NaN and infinities in any letter case, as Prometheus does", () => {
    const families = parsePrometheusText("a Nan\nb NaN\nc +Inf\nd -inf\ne Infinity\n");
    expect(sampleValue(families, "a")).toBeNaN();
    expect(sampleValue(families, "b")).toBeNaN();
    expect(sampleValue(families, "c")).toBe(Infinity);
    expect(sampleValue(families, "d")).toBe(-Infinity);
    expect(sampleValue(families, "e")).toBe(Infinity);
  });

  it.each([
    ["a sample without a value", "x_total\n"],
    ["a value that is no number", "x 1,5\n"],
    ["a malformed metric name", "1x 1\n"],
    ["unterminated labels", 'x{a="1" 1\n'],
    ["an unknown escape", 'x{a="\\t"} 1\n'],
    ["a repeated label", 'x{a="1",a="2"} 1\n'],
    ["a reserved label name", 'x{__name__="y"} 1\n'],
    ["garbage after the value", "garbage line {{\n"],
    ["a TYPE after its samples", "x 1\n# TYPE x gauge\n"],
    ["two TYPE lines", "# TYPE x gauge\n# TYPE x gauge\nx 1\n"],
    ["an unknown type", "# TYPE x meter\nx 1\n"],
    ["a family split in two", '# TYPE x gauge\nx 1\n# TYPE y gauge\ny 1\nx{a="b"} 2\n'],
    ["a repeated series", "x 1\nx 2\n"],
    [
      "buckets that are not cumulative",
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
    ],
    ["a histogram without +Inf", '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
    ["+Inf unequal to _count", '# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 2\n'],
  ])("refuses %s", (_, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});
