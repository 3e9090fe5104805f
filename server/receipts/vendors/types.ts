// What each vendor's receipt endpoint (server/receipts/vendors/<vendor>.ts) describes: the body's media
// type and zod schema (also the OpenAPI document's), how its receipts read as Herald's, the vendor's own
// authentication on top of the URL's secret, and the answer the vendor expects.
import "server-only";
import { z } from "zod";
import { ValidationError, zodFieldIssues } from "@/server/errors";
import type { ReceiptChannel } from "../receipt-urls";
import type { VendorReceipt } from "../record-vendor-receipts";

// The request as the endpoint read it.
export interface ReceiptRequest {
  appId: string;
  headers: Headers;
  // The raw body (JSON text, or a form for Xiaomi).
  text: string;
  // The app's sealed credential for the channel, unsealed (null when it has none): JPush's check needs it.
  credential: unknown;
}

export interface ReceiptVendor<Body = unknown> {
  channel: ReceiptChannel;
  // The vendor's name (for texts).
  name: string;
  media: "application/json" | "application/x-www-form-urlencoded";
  // The body as the vendor posts it (for form bodies: the fields).
  schema: z.ZodType<Body>;
  // An example the schema accepts (OpenAPI document).
  example: unknown;
  // Where the body's rules come from, and what the vendor documents about authentication (OpenAPI text).
  documented: string;
  // The body read from text (before the schema); throws a ValidationError for a malformed one.
  decode(text: string): unknown;
  // The receipts a valid body holds.
  receipts(body: Body): VendorReceipt[];
  // The vendor's own authentication: "ok", "missing" (the vendor sent none; the URL's secret decides)
  // or "invalid" (answered 401).
  authenticate(request: ReceiptRequest): "ok" | "missing" | "invalid";
  // The answer the vendor expects for an accepted request.
  answer: { status: number; body: unknown };
}

// A problem with the body: answered 400 invalid-receipt.
export function malformedReceipt(message: string, issues: ValidationError["issues"] = []): ValidationError {
  return new ValidationError(message, issues, "invalid-receipt", 400);
}

// Parses JSON text or throws malformedReceipt.
export function decodeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw malformedReceipt("The receipt body is not valid JSON.");
  }
}

// Parses with the vendor's schema or throws malformedReceipt with the failing fields.
export function parseReceiptBody<Body>(vendor: ReceiptVendor<Body>, raw: unknown): Body {
  const parsed = vendor.schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = zodFieldIssues(parsed.error);
  const fields = [...new Set(issues.map((i) => i.path || "(body)"))].join(", ");
  throw malformedReceipt(`The ${vendor.name} receipt has invalid fields: ${fields}.`, issues);
}

// A vendor time in milliseconds (a number or a numeric string) as a Date, null when absent or unusable.
export function vendorTime(value: number | string | undefined | null): Date | null {
  if (value === undefined || value === null || value === "") return null;
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms <= 0) return null;
  // Seconds (10 digits) or milliseconds (13).
  const date = new Date(ms < 1e12 ? ms * 1000 : ms);
  return Number.isNaN(date.getTime()) ? null : date;
}

// A comma-separated list of tokens (or a list) as tokens.
export function tokenList(value: string | string[]): string[] {
  const all = Array.isArray(value) ? value : value.split(",");
  return all.map((t) => t.trim()).filter(Boolean);
}

// A token or registration id as the vendors send them: printable, at most 512 characters.
export const receiptToken = z.string().min(1).max(512);
// A vendor's echoed parameter.
export const receiptParam = z.string().max(256);
// A time: milliseconds (or seconds) as a number or a numeric string.
export const receiptTime = z.union([z.number(), z.string().max(20)]);
