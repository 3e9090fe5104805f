// Reads a JSON request body safely: checks the media type, refuses bodies over the limit both by
// Content-Length and by counting bytes while streaming (a missing or lying header can't bypass it).
import { controlCharacterPaths } from "@/lib/text/control-characters";
import { ApiProblem } from "./problem";

export const maxBodyBytes = 64 * 1024;
// POST /api/v1/events: up to 500 events of a few hundred bytes each.
export const maxEventBatchBytes = 512 * 1024;
// The most any /api/v1 route reads; each route then applies its own limit.
export const maxRequestBodyBytes = Math.max(maxBodyBytes, maxEventBatchBytes);

// True for application/json and application/<anything>+json, with any parameters.
export function isJsonMediaType(contentType: string | null): boolean {
  if (!contentType) return false;
  const type = contentType.split(";")[0].trim().toLowerCase();
  return type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

function tooLarge(limit: number): ApiProblem {
  return new ApiProblem("payload-too-large", `The request body must be at most ${limit} bytes.`);
}

async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

// The body as UTF-8 text, at most `limit` bytes (413 beyond, 400 when not UTF-8); the caller checks the media type.
export async function readBodyText(request: Request, limit = maxBodyBytes): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  const bytes = await readLimited(request, limit);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiProblem("malformed-json", "The request body is not valid UTF-8.");
  }
}

// The parsed JSON body (unknown: validate it with zod next). Throws 415, 413 or 400 problems, and 422
// when a text in it holds a control character (NUL and friends: see lib/text/control-characters.ts),
// unless the route checks that per item itself (the event batch refuses such events one by one).
export async function readJsonBody(
  request: Request,
  limit = maxBodyBytes,
  options: { controlCharacters?: "refuse" | "allow" } = {},
): Promise<unknown> {
  if (!isJsonMediaType(request.headers.get("content-type"))) {
    throw new ApiProblem("unsupported-media-type", "Send the body as `Content-Type: application/json`.");
  }
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  const bytes = await readLimited(request, limit);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiProblem("malformed-json", "The request body is not valid UTF-8.");
  }
  if (text.trim() === "") throw new ApiProblem("malformed-json", "The request body is empty; send a JSON object.");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new ApiProblem("malformed-json", `The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (options.controlCharacters !== "allow") {
    const paths = controlCharacterPaths(body);
    if (paths.length > 0) {
      const message = "Must not contain control characters (such as NUL); tab and line breaks are allowed.";
      throw new ApiProblem(
        "invalid-body",
        `The request body has text with control characters: ${paths.map((p) => p || "(body)").join(", ")}.`,
        paths.map((path) => ({ path, message })),
      );
    }
  }
  return body;
}
