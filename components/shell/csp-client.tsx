"use client";
// What the browser side needs to live under the console's Content-Security-Policy (proxy.ts,
// lib/security/headers.ts), rendered once in the root layout so it runs before any page's code:
// - the request's nonce for the <style> elements that Radix's dialogs add at run time (their scroll
//   lock, through react-style-singleton, which reads it from get-nonce): without it the browser refuses
//   them and reports a violation each time a dialog opens;
// - Zod in the browser without its `new Function` probe: Zod 4 asks the first time a page parses an
//   object whether it may compile parsers, which the policy (no 'unsafe-eval') refuses and reports. The
//   console's forms parse small objects, so the browser uses Zod's interpreter; the server keeps the JIT.
import { setNonce } from "get-nonce";
import { z } from "zod";

if (typeof window !== "undefined") z.config({ jitless: true });

export function CspClient({ nonce }: { nonce: string | null }) {
  if (nonce && typeof window !== "undefined") setNonce(nonce);
  return null;
}
