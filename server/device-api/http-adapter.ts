// Serves /api/v1 straight from Node's HTTP server: the request becomes a Web Request for the
// device API's router and its Response is written back. Skipping Next.js's request pipeline halves
// the CPU a registration costs (bench/RESULTS.md).
import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { apiHeaders, forwardedProtoHeader, servedOverHttps } from "@/lib/security/headers";
import { ApiProblem, problemResponse } from "./problem";
import { maxRequestBodyBytes } from "./read-json";
import { apiRouteTemplate, handleApiRequest } from "./routes";
import { trackApiRequest } from "@/server/ops/metrics";
import { logFault, logRefusal } from "@/server/log-limit";

// Reads the body, stopping at `limit` + 1 bytes (null: too large; the rest is never buffered).
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks, size)));
    req.on("error", reject);
  });
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

// Writes a Response, with the API's security headers (lib/security/headers.ts) on every answer.
async function send(res: ServerResponse, response: Response, close = false): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  const secure = servedOverHttps(process.env.NEXTAUTH_URL, res.req.headers[forwardedProtoHeader] as string | undefined);
  for (const [name, value] of Object.entries(apiHeaders(secure))) headers[name.toLowerCase()] = value;
  if (close) headers.connection = "close";
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  res.writeHead(response.status, headers);
  res.end(body);
}

// The methods a Web Request can carry that the API may route; anything else (TRACE, CONNECT, made-up
// verbs) is answered 405 here, before `new Request` would throw on it.
const apiMethods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

// Answers one /api/v1 request on a Node server.
export async function serveApiRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  trackApiRequest(req, res, apiRouteTemplate);
  try {
    const method = (req.method ?? "GET").toUpperCase();
    if (!apiMethods.has(method)) {
      const problem = problemResponse(new ApiProblem("method-not-allowed", `${method} is not a method of this API.`));
      problem.headers.set("allow", [...apiMethods].join(", "));
      logRefusal("device-api:405", { method: method.slice(0, 20), status: 405 }, "device API request refused");
      await send(res, problem);
      req.resume();
      return;
    }
    // The API never reads the Host header (absolute URLs come from HERALD_PUBLIC_URL), so a fixed base keeps
    // a malformed one from breaking the request.
    const url = new URL(req.url ?? "/", "http://localhost").href;
    let body: Uint8Array<ArrayBuffer> | undefined;
    if (method !== "GET" && method !== "HEAD") {
      const read = await readBody(req, maxRequestBodyBytes);
      if (read === null) {
        // Answer now and drop the connection rather than read an oversized body to its end.
        logRefusal("device-api:413", { method, status: 413 }, "device API request refused");
        await send(
          res,
          problemResponse(
            new ApiProblem("payload-too-large", `The request body must be at most ${maxRequestBodyBytes} bytes.`),
          ),
          true,
        );
        req.destroy();
        return;
      }
      body = read as Uint8Array<ArrayBuffer>;
    }
    // Aborted when the client goes away first, so a long-poll (the inbox's ?wait=) stops waiting.
    const gone = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) gone.abort();
    });
    await send(
      res,
      await handleApiRequest(new Request(url, { method, headers: toHeaders(req), body, signal: gone.signal })),
    );
  } catch (error) {
    logFault("device-api:adapter", error, { method: req.method }, "device API request failed in the HTTP adapter");
    if (!res.headersSent)
      await send(
        res,
        problemResponse(new ApiProblem("internal-error", "Something went wrong on our side. Please retry later.")),
      );
    else res.destroy();
  }
}
