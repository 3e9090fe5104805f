// One dated section of bench/RESULTS.md in the shape every benchmark records: a heading with the
// time (UTC) and what ran, the command with its conditions, the machine, then a bullet per figure.
import { appendFile } from "node:fs/promises";
import path from "node:path";

export interface ResultSection {
  // What ran, after the time in the heading ("audience counts (segments)").
  title: string;
  // The command line in backticks and its conditions, after "Command: ".
  command: string;
  // describeMachine(...) and anything else about the machine, after "Machine: ".
  machine: string;
  // One figure per line; each becomes a bullet.
  lines: string[];
}

const resultsFile = path.resolve(import.meta.dirname, "..", "RESULTS.md");

export function formatSection(section: ResultSection, now = new Date()): string {
  return [
    "",
    `## ${now.toISOString().slice(0, 16).replace("T", " ")} UTC: ${section.title}`,
    "",
    `Command: ${section.command}`,
    `Machine: ${section.machine}`,
    "",
    ...section.lines.map((line) => `- ${line}`),
    "",
  ].join("\n");
}

// Appends the section to bench/RESULTS.md, unless BENCH_NO_RECORD=1 (a quick check that should leave
// no record: the figures were already printed as they came).
export async function recordSection(section: ResultSection, say: (line: string) => void): Promise<void> {
  if (process.env.BENCH_NO_RECORD === "1") return say("not recorded (BENCH_NO_RECORD=1)");
  await appendFile(resultsFile, formatSection(section));
  say("appended to bench/RESULTS.md");
}
