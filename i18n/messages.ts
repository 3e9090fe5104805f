// Loads a locale's messages: one JSON file per namespace under messages/<locale>/, merged.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Locale } from "@/lib/locales";

const cache = new Map<Locale, Promise<Record<string, unknown>>>();

export function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  const hit = process.env.NODE_ENV === "production" ? cache.get(locale) : undefined;
  if (hit) return hit;
  const loading = (async () => {
    const dir = path.join(process.cwd(), "messages", locale);
    const files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
    const out: Record<string, unknown> = {};
    for (const file of files)
      out[file.replace(/\.json$/, "")] = JSON.parse(await readFile(path.join(dir, file), "utf8"));
    return out;
  })();
  cache.set(locale, loading);
  return loading;
}
