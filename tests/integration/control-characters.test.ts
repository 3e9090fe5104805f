// Control characters in input (issue [4/5] item 5): a NUL byte (PostgreSQL cannot store it) or another
// C0 control in any text answers 422 problem+json on the device API and a field error from a server
// action, names the field, and writes nothing. An event batch refuses only the events that carry one.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { handleApiRequest } from "@/server/device-api/routes";
import { createApp as createAppAction } from "@/server/apps/actions";
import { createSegment } from "@/server/segments/actions";
import { createUser as createUserAction } from "@/server/users/actions";
import { jsonPost } from "../support/api-request";
import { createApp, createUser } from "../support/fixtures";

let key: string;
let appId: string;

beforeAll(async () => {
  const made = await createApp();
  key = made.apiKey;
  appId = made.app.id;
});

async function problem(response: Response) {
  expect(response.status).toBe(422);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as { detail: string; errors: Array<{ path: string; message: string }> };
}

describe("device API", () => {
  it.each([
    ["token", { token: "tok\u0000en" }],
    ["appVersion", { appVersion: "1.0\u0000" }],
    ["tags.1", { tags: ["ok", "bad\u0007tag"] }],
  ])("refuses a control character in %s with 422 and keeps no device", async (path, extra) => {
    const installationId = randomUUID();
    const body = await problem(
      await handleApiRequest(
        jsonPost(
          "http://localhost/api/v1/devices",
          { installationId, platform: "android", channel: "fcm", token: "t".repeat(40), ...extra },
          key,
        ),
      ),
    );
    expect(body.errors.map((e) => e.path)).toEqual([path]);
    expect(body.detail).toContain(path);
    expect(await db.device.count({ where: { installationId } })).toBe(0);
  });

  it("accepts tabs and line breaks", async () => {
    const installationId = randomUUID();
    const response = await handleApiRequest(
      jsonPost(
        "http://localhost/api/v1/devices",
        { installationId, platform: "android", channel: "fcm", token: "t".repeat(40), appVersion: "1.0" },
        key,
      ),
    );
    expect(response.status).toBeLessThan(300);
  });

  it("refuses only the events that carry one", async () => {
    const installationId = randomUUID();
    await handleApiRequest(
      jsonPost(
        "http://localhost/api/v1/devices",
        { installationId, platform: "android", channel: "fcm", token: "t".repeat(40) },
        key,
      ),
    );
    const at = new Date().toISOString();
    const response = await handleApiRequest(
      jsonPost(
        "http://localhost/api/v1/events",
        {
          events: [
            { eventId: `ok-${randomUUID()}`, installationId, type: "app_open", occurredAt: at },
            { eventId: `bad-${randomUUID()}`, installationId, type: "app_open", occurredAt: at, "x\u0000": 1 },
          ],
        },
        key,
      ),
    );
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { accepted: number; refused: Array<{ index: number; reason: string }> };
    expect(answer.accepted).toBe(1);
    expect(answer.refused).toMatchObject([{ index: 1, reason: "invalid" }]);
  });
});

describe("server actions", () => {
  it("answers a field error naming the field and writes nothing", async () => {
    const admin = await createUser("admin");
    const name = `Seg ${randomUUID().slice(0, 6)}\u0000`;
    const segment = await createSegment.runAs(admin, { appId, name, description: "", expression: "tag:x" });
    expect(segment).toMatchObject({ ok: false, status: 400, fieldErrors: { name: ["controlCharacters"] } });
    expect(await db.segment.count({ where: { appId } })).toBe(0);

    const form = new FormData();
    form.set("name", "Mei\u0001 Lin");
    form.set("email", `mei-${randomUUID().slice(0, 6)}@test.local`);
    form.set("role", "editor");
    const user = await createUserAction.runAs(admin, form);
    expect(user).toMatchObject({ ok: false, status: 400, fieldErrors: { name: ["controlCharacters"] } });
    expect(await db.user.count({ where: { email: String(form.get("email")) } })).toBe(0);

    const apps = await db.app.count();
    const app = await createAppAction.runAs(admin, { name: "News\u0000App", timezone: "UTC" });
    expect(app).toMatchObject({ ok: false, status: 400, fieldErrors: { name: ["controlCharacters"] } });
    expect(await db.app.count()).toBe(apps);
  });
});
