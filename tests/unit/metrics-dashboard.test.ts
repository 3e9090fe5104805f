// The Grafana dashboard (ops/grafana/herald.json) reads exactly what /metrics exports: every query is
// valid PromQL (Prometheus's own grammar, @prometheus-io/lezer-promql) and every metric it selects is in
// Herald's registry (a histogram's _bucket/_sum/_count included); every metric Herald defines itself
// has a panel; and every name follows Prometheus's conventions (herald_ prefix, counters end in _total,
// units in the name).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { metricsRegistry } from "@/server/ops/metrics";

interface Panel {
  title: string;
  type: string;
  targets?: Array<{ expr: string }>;
  panels?: Panel[];
}

const dashboard = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, "../../ops/grafana/herald.json"), "utf8"),
) as { panels: Panel[] };

const panels = (list: Panel[]): Panel[] => list.flatMap((p) => [p, ...panels(p.panels ?? [])]);
const queries = panels(dashboard.panels).flatMap((p) =>
  (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })),
);

// Grafana's own variables are not PromQL; they stand for a range.
const promql = (expr: string) => expr.replace(/\$__rate_interval|\$__interval|\$__range/g, "5m");

// The metric names a query selects, or throws on a syntax error.
function selectedMetrics(expr: string): string[] {
  const text = promql(expr);
  const names: string[] = [];
  parser.parse(text).iterate({
    enter(node) {
      if (node.type.isError) throw new Error(`"${expr}" is not valid PromQL at ${node.from}`);
      if (node.name === "Identifier" && node.node.parent?.name === "VectorSelector")
        names.push(text.slice(node.from, node.to));
    },
  });
  return names;
}

// Every series name the registry exports (histograms as their three series).
function exportedSeries(): Map<string, string> {
  const series = new Map<string, string>();
  for (const metric of metricsRegistry("all").getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    if (type === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) series.set(name + suffix, name);
    else if (type === "summary") for (const suffix of ["", "_sum", "_count"]) series.set(name + suffix, name);
    else series.set(name, name);
  }
  return series;
}

describe("Grafana dashboard", () => {
  it("has queries, each valid PromQL", () => {
    expect(queries.length).toBeGreaterThan(15);
    for (const { expr } of queries) expect(selectedMetrics(expr).length, expr).toBeGreaterThan(0);
    expect(() => selectedMetrics("sum(rate(herald_messages_total[5m])")).toThrow(/not valid PromQL/);
  });

  it("selects only metrics that /metrics exports", () => {
    const series = exportedSeries();
    for (const { panel, expr } of queries)
      for (const name of selectedMetrics(expr)) expect(series.has(name), `${panel}: ${name} in ${expr}`).toBe(true);
  });

  it("shows every metric Herald defines itself", () => {
    const used = new Set(
      queries.flatMap(({ expr }) => selectedMetrics(expr)).map((name) => exportedSeries().get(name)),
    );
    const own = metricsRegistry("all")
      .getMetricsAsArray()
      .map((m) => (m as unknown as { name: string }).name)
      .filter((name) => !name.startsWith("herald_process_") && !name.startsWith("herald_nodejs_"));
    expect(own.length).toBeGreaterThanOrEqual(16);
    expect(own.filter((name) => !used.has(name))).toEqual([]);
  });

  // prom-client's default metrics keep their own names under the prefix (a few gauges end in _total).
  it("names every metric by Prometheus's conventions", () => {
    for (const metric of metricsRegistry("all").getMetricsAsArray()) {
      const { name, type, help } = metric as unknown as { name: string; type: string; help: string };
      expect(name).toMatch(/^herald_[a-z][a-z0-9_]*$/);
      if (name.startsWith("herald_process_") || name.startsWith("herald_nodejs_")) continue;
      expect(help.length, name).toBeGreaterThan(10);
      if (type === "counter") expect(name, name).toMatch(/_total$/);
      else expect(name, name).not.toMatch(/_total$/);
      if (type === "histogram") expect(name, name).toMatch(/_(seconds|bytes)$/);
      expect(name, name).not.toMatch(/_(milliseconds|ms|minutes|kilobytes|megabytes)(_|$)/);
    }
  });
});
