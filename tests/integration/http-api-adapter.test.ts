// The device API as Herald's HTTP server answers it (no Next.js in between): real sockets, real
// bodies, the 64 KB limit enforced while reading, problem+json for every refusal.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveApiRequest } from "@/server/device-api/http-adapter";
import { createApp } from "../support/fixtures";

let server: Server;
let base = "";
let apiKey = "";

beforeAll(async () => {
  apiKey = (await createApp()).apiKey;
  server = createServer((req, res) => void serveApiRequest(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const headers = () => ({ authorization: `Bearer ${apiKey}`, "content-type": "application/json" });

describe("HTTP adapter for /api/v1", () => {
  it("registers a device and reads it back", async () => {
    const installationId = randomUUID();
    const created = await fetch(`${base}/devices`, {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ installationId, platform: "ios", channel: "apns", token: "a".repeat(64), tags: ["news"] }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("x-content-type-options")).toBe("nosniff");
    const read = await fetch(`${base}/devices/${installationId}`, { headers: headers() });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({
      installationId,
      platform: "ios",
      addresses: [{ channel: "apns", hasToken: true, status: "active" }],
      tags: ["news"],
    });
  });

  it("refuses a body over 64 KB with 413 problem+json, also when sent without a length", async () => {
    const big = JSON.stringify({
      installationId: randomUUID(),
      platform: "ios",
      channel: "apns",
      token: "x".repeat(70 * 1024),
    });
    const declared = await fetch(`${base}/devices`, { method: "POST", headers: headers(), body: big });
    expect(declared.status).toBe(413);
    expect(declared.headers.get("content-type")).toBe("application/problem+json");
    const streamed = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const chunked = await fetch(`${base}/devices`, {
      method: "POST",
      headers: headers(),
      body: streamed,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await chunked.json()).type).toMatch(/payload-too-large$/);
  });

  it("answers unknown paths and malformed JSON with problems, never a 500", async () => {
    expect((await fetch(`${base}/nope`, { headers: headers() })).status).toBe(404);
    const malformed = await fetch(`${base}/devices`, { method: "POST", headers: headers(), body: "{not json" });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).type).toMatch(/malformed-json$/);
  });
});
