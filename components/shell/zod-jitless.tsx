"use client";
// Zod 4 finds out whether it may compile its parsers with `new Function` the first time a page parses
// an object; under the console's Content-Security-Policy (no 'unsafe-eval', lib/security/headers.ts)
// the browser refuses, and reports a violation each time. The console's forms parse small objects, so
// in the browser Zod uses its interpreter (jitless) and never asks; the server keeps the compiled parsers.
import { z } from "zod";

if (typeof window !== "undefined") z.config({ jitless: true });

// Rendered once in the root layout, so this module runs before any page's form parses.
export function ZodJitless() {
  return null;
}
