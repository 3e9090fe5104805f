// The three reference figures bench:dispatch sets Herald against, measured on a running fake FCM
// server: "ceiling" (a bare node:http2 client, no SDK, no database), "sdk-only" (firebase-admin's
// sendEachForMulticast, several calls in flight, no database) and "naive" (sequential multicast calls
// with one UPDATE per device). Plus "provider": Herald's FCM provider alone, no database.
import http2 from "node:http2";
import https from "node:https";
import { cert, deleteApp, initializeApp } from "firebase-admin/app";
import { getMessaging, type MulticastMessage, type SendResponse, type TokenMessage } from "firebase-admin/messaging";
import type pg from "pg";
import { fcmMessage, type PayloadMessage, type PayloadOptions } from "../../lib/campaigns/provider-payloads";
import { routeGoogleHttps, setFcmEndpoint } from "../../server/dispatch/providers/fcm/endpoint";
import { buildFcmMessage } from "../../server/dispatch/providers/fcm/message";
import { createFcmProvider } from "../../server/dispatch/providers/fcm/provider";
import type { OutgoingMessage, SendResult } from "../../server/dispatch/providers/types";
import { installFcmTransport } from "../../server/dispatch/providers/fcm/transport";
import { fakeServiceAccount } from "../../tests/fakes/fcm/service-account";

// One measured figure.
export interface FcmBaseline {
  messages: number;
  seconds: number;
  perSecond: number;
  // CPU time (user + system) this process spent per message: steadier than msgs/s on a busy machine.
  cpuMicrosPerMessage: number;
}

// A running fake: its https URL and CA certificate.
export interface FakeTarget {
  url: string;
  ca: string | Buffer;
}

const project = "herald-bench";
const content: PayloadMessage = {
  title: "Breaking: storm warning",
  body: "Heavy rain expected after 6 pm. Stay indoors.",
  url: "https://news.example/storm",
  data: { section: "weather" },
};
const options: PayloadOptions = { priority: "high", ttlSeconds: 3600, collapseKey: "storm-warning" };

interface Clock {
  wall: bigint;
  cpu: NodeJS.CpuUsage;
}
const startClock = (): Clock => ({ wall: process.hrtime.bigint(), cpu: process.cpuUsage() });
const figure = (messages: number, clock: Clock): FcmBaseline => {
  const seconds = Number(process.hrtime.bigint() - clock.wall) / 1e9;
  const cpu = process.cpuUsage(clock.cpu);
  return {
    messages,
    seconds: Math.round(seconds * 100) / 100,
    perSecond: Math.round(messages / seconds),
    cpuMicrosPerMessage: Math.round((cpu.user + cpu.system) / messages),
  };
};

// Points firebase-admin (this process) at the fake: routed sessions, normalised :scheme, token endpoint.
export function pointAtFake(target: FakeTarget) {
  setFcmEndpoint({ url: target.url, ca: target.ca });
  installFcmTransport();
  routeGoogleHttps();
}

// An access token from the fake's OAuth endpoint (it decodes the assertion without verifying it).
function fakeAccessToken(target: FakeTarget): Promise<string> {
  const claims = Buffer.from(
    JSON.stringify({
      iss: `bench@${project}.iam.gserviceaccount.com`,
      scope: "https://www.googleapis.com/auth/firebase.messaging",
    }),
  ).toString("base64url");
  const body = new URLSearchParams({
    grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
    assertion: `e30.${claims}.sig`,
  }).toString();
  return new Promise((resolve, reject) => {
    const request = https.request(
      new URL("/token", target.url),
      { method: "POST", ca: target.ca, headers: { "content-type": "application/x-www-form-urlencoded" } },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () => resolve((JSON.parse(text) as { access_token: string }).access_token));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

// (a) ceiling: the same v1 requests firebase-admin sends (same headers, same JSON), from a bare
// HTTP/2 client keeping `streamsPerSession` requests in flight on each of `sessions` sessions.
export async function measureCeiling(
  target: FakeTarget,
  messages: number,
  sessions = 4,
  streamsPerSession = 100,
): Promise<FcmBaseline> {
  const token = await fakeAccessToken(target);
  const path = `/v1/projects/${project}/messages:send`;
  const expiry = Math.floor(Date.now() / 1000) + 3600;
  let next = 0;
  const started = startClock();
  await Promise.all(
    Array.from({ length: sessions }, async () => {
      const session = http2.connect(target.url, {
        ca: target.ca,
        servername: "fcm.googleapis.com",
        peerMaxConcurrentStreams: 100,
      });
      session.on("error", () => undefined);
      const lane = async () => {
        while (next < messages) {
          const index = next++;
          const body = JSON.stringify({
            message: {
              token: `ceiling-${index}`,
              ...fcmMessage(content, options, { campaignId: "bench", deliveryId: String(index) }, expiry),
            },
          });
          await new Promise<void>((resolve, reject) => {
            const stream = session.request({
              ":method": "POST",
              ":path": path,
              ":scheme": "https",
              authorization: `Bearer ${token}`,
              "content-type": "application/json",
              "x-firebase-client": "fire-admin-node/13.9.0",
              access_token_auth: "true",
              "content-length": Buffer.byteLength(body),
            });
            stream.on(
              "response",
              (headers) =>
                void (headers[":status"] !== 200 && reject(new Error(`ceiling: status ${headers[":status"]}`))),
            );
            stream.on("data", () => undefined);
            stream.on("end", () => resolve());
            stream.on("error", reject);
            stream.end(body);
          });
        }
      };
      await Promise.all(Array.from({ length: streamsPerSession }, lane));
      session.close();
    }),
  );
  return figure(messages, started);
}

function multicast(tokens: string[]): MulticastMessage {
  // The same blocks the provider builds, for one device; multicast repeats them for every token.
  const message: Partial<TokenMessage> = buildFcmMessage(
    { ...benchMessage(0), token: "x" },
    { priority: "high", ttlSeconds: 3600, collapseKey: "storm-warning" },
  );
  delete message.token;
  return { ...message, tokens };
}

function benchMessage(index: number, prefix = "device"): OutgoingMessage {
  return {
    deliveryId: String(index + 1),
    deviceId: `d-${index}`,
    installationId: `i-${index}`,
    platform: "android",
    token: `${prefix}-${index}`,
    campaignId: "bench",
    variantKey: null,
    locale: null,
    content,
  };
}

function firebaseApp(name: string) {
  const secret = fakeServiceAccount(project);
  return initializeApp(
    {
      credential: cert({
        projectId: secret.project_id,
        clientEmail: secret.client_email,
        privateKey: secret.private_key,
      }),
      projectId: project,
    },
    `${name}-${Date.now()}`,
  );
}

// Sends messages [0, messages) in chunks of 500 with `inFlight` chunks at once; `sendChunk` sends
// [from, to) and answers how many of them failed. Resolves the total of failures.
async function sendInChunks(
  messages: number,
  inFlight: number,
  sendChunk: (from: number, to: number) => Promise<number>,
) {
  let next = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < messages) {
        const from = next;
        next = Math.min(messages, next + 500);
        failures += await sendChunk(from, next);
      }
    }),
  );
  return failures;
}

// (b) sdk-only: firebase-admin as shipped (its own session per call, its own retries), `inFlight`
// sendEachForMulticast calls of 500 tokens at once.
export async function measureSdkOnly(target: FakeTarget, messages: number, inFlight = 8): Promise<FcmBaseline> {
  pointAtFake(target);
  const app = firebaseApp("bench-sdk-only");
  const messaging = getMessaging(app);
  await messaging.sendEachForMulticast(multicast(["warm-up"]));
  const started = startClock();
  const failures = await sendInChunks(messages, inFlight, async (from, to) => {
    const tokens = Array.from({ length: to - from }, (_, i) => `sdk-${from + i}`);
    return (await messaging.sendEachForMulticast(multicast(tokens))).failureCount;
  });
  const result = figure(messages, started);
  await deleteApp(app);
  if (failures) throw new Error(`sdk-only: ${failures} messages failed`);
  return result;
}

// A scratch table of delivery rows for the naive sender: one row per token, status queued.
export async function createNaiveTable(pool: pg.Pool, table: string, messages: number) {
  await pool.query(`drop table if exists ${table}`);
  await pool.query(
    `create table ${table} (id bigint primary key, token text not null, status text not null default 'queued',
       message_id text, error_code text, updated_at timestamptz)`,
  );
  await pool.query(`insert into ${table} (id, token) select i, 'naive-' || i from generate_series(1, $1) as i`, [
    messages,
  ]);
}

// (c) naive: what a quick implementation does: read the queued rows, then in a sequential loop send
// 500 tokens with sendEachForMulticast and write each device's status with its own UPDATE.
export async function measureNaive(target: FakeTarget, pool: pg.Pool, table: string): Promise<FcmBaseline> {
  pointAtFake(target);
  const app = firebaseApp("bench-naive");
  const messaging = getMessaging(app);
  await messaging.sendEachForMulticast(multicast(["warm-up"]));
  const started = startClock();
  const { rows } = await pool.query<{ id: string; token: string }>(
    `select id, token from ${table} where status = 'queued' order by id`,
  );
  for (let from = 0; from < rows.length; from += 500) {
    const chunk = rows.slice(from, from + 500);
    const response = await messaging.sendEachForMulticast(multicast(chunk.map((row) => row.token)));
    for (const [i, answer] of response.responses.entries()) {
      await pool.query(
        `update ${table} set status = $2, message_id = $3, error_code = $4, updated_at = now() where id = $1`,
        [chunk[i]!.id, answer.success ? "sent" : "failed", answer.messageId ?? null, answer.error?.code ?? null],
      );
    }
  }
  const result = figure(rows.length, started);
  await deleteApp(app);
  return result;
}

// One queued delivery for a naive sender: its row id and the device's token.
export interface NaiveRow {
  id: string;
  token: string;
}

// (c') naive on Herald's own tables: the same sequential loop, with the rows read by `load` and each
// device's status written by `update` (the benchmark passes Prisma's delivery.update on the Delivery
// table: what a quick implementation of Herald, written with its ORM, does).
export async function measureNaiveWith(
  target: FakeTarget,
  load: () => Promise<NaiveRow[]>,
  update: (row: NaiveRow, answer: SendResponse) => Promise<unknown>,
): Promise<FcmBaseline> {
  pointAtFake(target);
  const app = firebaseApp("bench-naive-orm");
  const messaging = getMessaging(app);
  await messaging.sendEachForMulticast(multicast(["warm-up"]));
  const started = startClock();
  const rows = await load();
  for (let from = 0; from < rows.length; from += 500) {
    const chunk = rows.slice(from, from + 500);
    const response = await messaging.sendEachForMulticast(multicast(chunk.map((row) => row.token)));
    for (const [i, answer] of response.responses.entries()) await update(chunk[i]!, answer);
  }
  const result = figure(rows.length, started);
  await deleteApp(app);
  return result;
}

// Herald's FCM provider alone (no database): `inFlight` send() calls of 500 messages at once, with
// `sessions` pooled HTTP/2 sessions (0: firebase-admin's own session per call).
export async function measureProvider(
  target: FakeTarget,
  messages: number,
  inFlight = 8,
  sessions = inFlight,
): Promise<FcmBaseline> {
  pointAtFake(target);
  const provider = createFcmProvider(
    { appId: "bench", channel: "fcm", secret: fakeServiceAccount(project) },
    { sessions },
  );
  const batch = (from: number, to: number) => ({
    appId: "bench",
    campaignId: "bench",
    options: { priority: "high" as const, ttlSeconds: 3600, collapseKey: "storm-warning" },
    messages: Array.from({ length: to - from }, (_, i) => benchMessage(from + i, `provider-${sessions}`)),
  });
  await provider.send(batch(0, 1));
  const count = (results: SendResult[]) => results.filter((result) => result.outcome !== "sent").length;
  const started = startClock();
  const failures = await sendInChunks(messages, inFlight, async (from, to) =>
    count(await provider.send(batch(from, to))),
  );
  const result = figure(messages, started);
  await provider.close();
  if (failures) throw new Error(`provider: ${failures} messages not sent`);
  return result;
}
