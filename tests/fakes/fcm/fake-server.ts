// A loopback fake of FCM HTTP v1: TLS + HTTP/2 (HTTP/1.1 too, for the OAuth token endpoint and the
// control API), Google's JSON and error bodies, faults on demand, and counts of what it received.
// Runs in-process (startFakeFcm) or as its own process (server.ts --port N).
import { readFileSync } from "node:fs";
import http2 from "node:http2";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { listenFake, type ArrivalListener } from "../loopback-fake";
import { defaultBehaviour, type FakeBehaviour } from "./behaviour";
import { FakeRecords, type FakeStats, type ReceivedBody, type TokenQuery, type TokenRecord } from "./records";
import { handleGoogleRequest, type Reply, type SendContext } from "./send";

const tlsDir = path.join(import.meta.dirname, "tls");
// The self-signed certificate (fcm.googleapis.com, *.googleapis.com, localhost, 127.0.0.1) clients must trust.
export const fakeCaFile = path.join(tlsDir, "fake-fcm.crt");

// Everything a test or benchmark does to a fake, in-process or across processes (FakeFcmClient).
export interface FakeFcmControl {
  // Merges into the current behaviour.
  configure(behaviour: Partial<FakeBehaviour>): Promise<void>;
  // Default behaviour and empty records.
  reset(): Promise<void>;
  stats(): Promise<FakeStats>;
  tokens(query?: TokenQuery): Promise<TokenRecord[]>;
  bodies(token?: string): Promise<ReceivedBody[]>;
}

// A running fake.
export interface FakeFcm extends FakeFcmControl {
  port: number;
  // https://127.0.0.1:<port>, what the FCM provider's endpoint setting takes.
  url: string;
  ca: string;
  caFile: string;
  close(): Promise<void>;
}

export interface FakeFcmOptions {
  port?: number;
  host?: string;
  behaviour?: Partial<FakeBehaviour>;
  // SETTINGS_MAX_CONCURRENT_STREAMS the fake announces (FCM: 100 per connection).
  maxConcurrentStreams?: number;
  // Told of every message the fake accepts for a device (the device simulator listens).
  onArrival?: ArrivalListener;
}

type Respond = (status: number, body: string, extra?: Record<string, string>) => void;

// Starts a fake FCM server; resolves once it listens.
export async function startFakeFcm(options: FakeFcmOptions = {}): Promise<FakeFcm> {
  const records = new FakeRecords();
  let sequence = 0;
  const started = Date.now() * 1000;
  const context: SendContext = {
    behaviour: { ...defaultBehaviour(), ...options.behaviour },
    records,
    nextMessageId: () =>
      `0:${started + ++sequence}%${((sequence * 2654435761) >>> 0).toString(16).padStart(8, "0")}fake`,
    ...(options.onArrival ? { onArrival: options.onArrival } : {}),
  };
  const hanging = new Set<{ destroy(): void }>();
  const control: FakeFcmControl = {
    configure: async (behaviour) => void (context.behaviour = { ...context.behaviour, ...behaviour }),
    reset: async () => {
      context.behaviour = { ...defaultBehaviour(), ...options.behaviour };
      records.reset();
    },
    stats: async () => records.summary(),
    tokens: async (query) => records.tokens(query),
    bodies: async (token) => records.recentBodies(token, context.behaviour.keepBodies),
  };

  async function controlReply(method: string, url: string, body: Buffer): Promise<{ status: number; body: string }> {
    const input = body.length ? (JSON.parse(body.toString("utf8")) as Record<string, unknown>) : {};
    const query = new URL(url, "https://fake").searchParams;
    const route = `${method} ${url.split("?")[0]}`;
    const ok = (value: unknown) => ({ status: 200, body: JSON.stringify(value ?? {}) });
    if (route === "POST /__fake/configure") return ok(await control.configure(input as Partial<FakeBehaviour>));
    if (route === "POST /__fake/reset") return ok(await control.reset());
    if (route === "GET /__fake/stats") return ok(await control.stats());
    if (route === "POST /__fake/tokens") return ok(await control.tokens(input as TokenQuery));
    if (route === "GET /__fake/bodies") return ok(await control.bodies(query.get("token") ?? undefined));
    return { status: 404, body: JSON.stringify({ error: `no control route ${route}` }) };
  }

  function dispatch(
    method: string,
    url: string,
    authorization: string | undefined,
    body: Buffer,
    respond: Respond,
    hang: () => void,
    reset: () => void,
  ) {
    if (url.startsWith("/__fake/")) {
      controlReply(method, url, body).then(
        (reply) => respond(reply.status, reply.body),
        (error: unknown) => respond(400, JSON.stringify({ error: String(error) })),
      );
      return;
    }
    const reply: Reply = handleGoogleRequest(context, method, url, authorization, body);
    if (reply === "hang") return hang();
    if (reply === "reset") return reset();
    const retryAfter =
      reply.retryAfter && context.behaviour.retryAfterSeconds !== null
        ? { "retry-after": String(context.behaviour.retryAfterSeconds) }
        : undefined;
    const send = () => respond(reply.status, reply.body, retryAfter);
    if (context.behaviour.latencyMs > 0) setTimeout(send, context.behaviour.latencyMs);
    else send();
  }

  const server = http2.createSecureServer({
    key: readFileSync(path.join(tlsDir, "fake-fcm.key")),
    cert: readFileSync(fakeCaFile),
    allowHTTP1: true,
    settings: { maxConcurrentStreams: options.maxConcurrentStreams ?? 100 },
  });
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    records.sessionOpened();
    session.on("close", () => sessions.delete(session));
    session.on("error", () => undefined);
  });
  // HTTP/2 through the raw stream API (cheaper than the compatibility layer: the fake's CPU is
  // part of every benchmark figure).
  server.on("stream", (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("error", () => undefined);
    stream.on("end", () => {
      const respond: Respond = (status, body, extra) => {
        if (stream.destroyed || stream.closed) return;
        stream.respond({ ":status": status, "content-type": "application/json; charset=UTF-8", ...extra });
        stream.end(body);
      };
      const hang = () => {
        hanging.add(stream);
        stream.once("close", () => hanging.delete(stream));
      };
      const authorization = headers.authorization;
      dispatch(
        String(headers[":method"]),
        String(headers[":path"]),
        typeof authorization === "string" ? authorization : undefined,
        Buffer.concat(chunks),
        respond,
        hang,
        () => stream.session?.destroy(),
      );
    });
  });
  // HTTP/1.1 (the token endpoint through an https.Agent, curl on the control API). Adding a
  // 'request' listener would also route HTTP/2 streams through the compatibility layer, so the
  // hook that sets that up is removed first.
  server.removeAllListeners("newListener");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (req.httpVersionMajor === 2) return;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const respond: Respond = (status, body, extra) =>
        res.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...extra }).end(body);
      const hang = () => {
        hanging.add(res.socket ?? { destroy: () => undefined });
      };
      dispatch(
        req.method ?? "GET",
        req.url ?? "/",
        req.headers.authorization,
        Buffer.concat(chunks),
        respond,
        hang,
        () => req.socket.destroy(),
      );
    });
  });

  const where = await listenFake(server, options, fakeCaFile);
  return {
    ...control,
    ...where,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of hanging) stream.destroy();
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}
