// A strict reader of the Prometheus text exposition format (version 0.0.4), for tests that check what
// /metrics serves: it throws on anything Prometheus's own parser would refuse (bad names, label syntax,
// escapes, values, a TYPE after its samples, a family split in two, a series repeated) and on
// histograms that contradict themselves (buckets not cumulative, no +Inf bucket, +Inf != _count).
// Why not an npm parser: the one maintained package (parse-prometheus-text-format) is a lenient port of
// an old client_python parser; tried here, it accepted "garbage line {{" as a metric and folded a
// labelled histogram's series into one, losing _sum and _count, so it cannot tell a broken output.
// The grammar follows the format's specification (prometheus.io, "Exposition formats").

export type MetricType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: MetricType;
  help: string | undefined;
  samples: Sample[];
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const types = new Set<MetricType>(["counter", "gauge", "histogram", "summary", "untyped"]);
const float = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

// Values are read as Go's strconv.ParseFloat reads them (Prometheus's parser uses it): besides decimal
// numbers, NaN and (+/-)Inf or Infinity in any letter case (prom-client writes "Nan").
function parseValue(text: string, line: number): number {
  if (/^nan$/i.test(text)) return Number.NaN;
  const infinite = /^([+-]?)inf(inity)?$/i.exec(text);
  if (infinite) return infinite[1] === "-" ? -Infinity : Infinity;
  if (!float.test(text)) throw new Error(`line ${line}: "${text}" is not a number`);
  return Number(text);
}

function unescape(text: string, allowQuote: boolean, line: number): string {
  return text.replace(/\\(.)/g, (_, c: string) => {
    if (c === "\\") return "\\";
    if (c === "n") return "\n";
    if (c === '"' && allowQuote) return '"';
    throw new Error(`line ${line}: unknown escape \\${c}`);
  });
}

// Reads `name{a="x",b="y"} value [timestamp]`.
function parseSample(text: string, line: number): Sample {
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(text);
  if (!nameMatch) throw new Error(`line ${line}: no metric name in "${text}"`);
  const name = nameMatch[0];
  let rest = text.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith("{")) {
    rest = rest.slice(1);
    for (;;) {
      rest = rest.trimStart();
      if (rest.startsWith("}")) {
        rest = rest.slice(1);
        break;
      }
      const pair = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\\n]|\\.)*)"\s*(,?)/.exec(rest);
      if (!pair) throw new Error(`line ${line}: malformed labels in "${text}"`);
      if (pair[1]! in labels) throw new Error(`line ${line}: label ${pair[1]} repeated`);
      labels[pair[1]!] = unescape(pair[2]!, true, line);
      rest = rest.slice(pair[0].length);
      if (!pair[3] && !rest.trimStart().startsWith("}")) throw new Error(`line ${line}: expected , or } in "${text}"`);
    }
  }
  if (!/^[ \t]/.test(rest)) throw new Error(`line ${line}: no value in "${text}"`);
  const parts = rest.trim().split(/[ \t]+/);
  if (parts.length > 2) throw new Error(`line ${line}: too many fields in "${text}"`);
  if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) throw new Error(`line ${line}: bad timestamp`);
  return { name, labels, value: parseValue(parts[0]!, line) };
}

// The family a sample belongs to: its own name, or the name without a histogram's or summary's suffix.
function familyOf(sample: string, families: Map<string, Family>): Family | undefined {
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    if (!sample.endsWith(suffix)) continue;
    const family = families.get(sample.slice(0, -suffix.length));
    if (family && (family.type === "histogram" || (family.type === "summary" && suffix !== "_bucket"))) return family;
  }
  return families.get(sample);
}

const seriesKey = (sample: Sample) =>
  `${sample.name}{${Object.keys(sample.labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(sample.labels[k])}`)
    .join(",")}}`;

function checkHistogram(family: Family) {
  const series = new Map<string, { buckets: Array<[number, number]>; count?: number; sum?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (sample.name.endsWith("_bucket")) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      entry.buckets.push([parseValue(le, 0), sample.value]);
    } else if (sample.name.endsWith("_count")) entry.count = sample.value;
    else if (sample.name.endsWith("_sum")) entry.sum = sample.value;
    else throw new Error(`${family.name}: histogram sample ${sample.name} has no _bucket, _sum or _count suffix`);
  }
  for (const [key, entry] of series) {
    const sorted = [...entry.buckets].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++)
      if (sorted[i]![1] < sorted[i - 1]![1]) throw new Error(`${family.name} ${key}: buckets are not cumulative`);
    const inf = sorted.at(-1);
    if (!inf || inf[0] !== Infinity) throw new Error(`${family.name} ${key}: no +Inf bucket`);
    if (entry.count === undefined || entry.sum === undefined) throw new Error(`${family.name} ${key}: no _count/_sum`);
    if (inf[1] !== entry.count)
      throw new Error(`${family.name} ${key}: +Inf bucket ${inf[1]} != _count ${entry.count}`);
  }
}

// Parses a whole exposition; throws with the line number on the first violation.
export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  const typed = new Set<string>();
  let current: Family | undefined;
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    if (raw.startsWith("#")) {
      const meta = /^#[ \t]+(HELP|TYPE)[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(raw);
      if (!meta) return; // a plain comment
      const [, kind, name, rest = ""] = meta;
      if (!metricName.test(name!)) throw new Error(`line ${line}: bad metric name ${name}`);
      let family = families.get(name!);
      if (family && family !== current) throw new Error(`line ${line}: family ${name} is split`);
      if (!family) {
        family = { name: name!, type: "untyped", help: undefined, samples: [] };
        families.set(name!, family);
      }
      current = family;
      if (kind === "HELP") {
        if (family.help !== undefined) throw new Error(`line ${line}: second HELP for ${name}`);
        family.help = unescape(rest, false, line);
      } else {
        if (typed.has(name!)) throw new Error(`line ${line}: second TYPE for ${name}`);
        if (family.samples.length) throw new Error(`line ${line}: TYPE for ${name} after its samples`);
        if (!types.has(rest.trim() as MetricType)) throw new Error(`line ${line}: unknown type "${rest}"`);
        family.type = rest.trim() as MetricType;
        typed.add(name!);
      }
      return;
    }
    const sample = parseSample(raw, line);
    for (const label of Object.keys(sample.labels))
      if (!labelName.test(label) || label.startsWith("__")) throw new Error(`line ${line}: bad label name ${label}`);
    let family = familyOf(sample.name, families);
    if (!family) {
      family = { name: sample.name, type: "untyped", help: undefined, samples: [] };
      families.set(sample.name, family);
    } else if (family !== current) throw new Error(`line ${line}: family ${family.name} is split`);
    current = family;
    const key = seriesKey(sample);
    if (seen.has(key)) throw new Error(`line ${line}: series ${key} repeated`);
    seen.add(key);
    family.samples.push(sample);
  });
  for (const family of families.values()) if (family.type === "histogram") checkHistogram(family);
  return families;
}

// The value of the one sample named `name` whose labels are exactly `labels`; undefined when there is none.
export function sampleValue(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const want = JSON.stringify(Object.entries(labels).sort());
  for (const family of families.values())
    for (const sample of family.samples)
      if (sample.name === name && JSON.stringify(Object.entries(sample.labels).sort()) === want) return sample.value;
  return undefined;
}
