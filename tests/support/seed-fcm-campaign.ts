// Seeds and sends one FCM campaign against DATABASE_URL in a process of its own:
// `node --import tsx tests/support/seed-fcm-campaign.ts <devices> <token prefix>` creates an editor,
// an app with a fake FCM key and the devices (tokens tok-<prefix>-<n>), then creates and submits a
// campaign to all of them through the real compose path, and prints {"appId","campaignId"} as one line.
// For tests whose database is not the one the test process's own clients (db, sqlPool) are bound to.
import { spawn } from "node:child_process";
import { register } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

// Runs this script against `databaseUrl` and returns what it printed.
export function seedFcmCampaignIn(
  databaseUrl: string,
  devices: number,
  prefix: string,
): Promise<{ appId: string; campaignId: string }> {
  const root = path.resolve(import.meta.dirname, "../..");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "seed-fcm-campaign.ts"), String(devices), prefix],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => void (output += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      const line = output.trim().split("\n").at(-1) ?? "";
      if (code === 0 && line.startsWith("{")) resolve(JSON.parse(line) as { appId: string; campaignId: string });
      else reject(new Error(`seed-fcm-campaign exited with ${code}: ${output}`));
    });
  });
}

async function main() {
  // Herald's server modules mark themselves "server-only"; this process is the server.
  register("../../scripts/lib/hooks.mjs", import.meta.url);
  const devices = Number(process.argv[2]);
  const prefix = process.argv[3] ?? "seed";
  const { createApp, createUser } = await import("./fixtures");
  const { campaignInput, insertDevices, sendCampaign } = await import("./dispatch");
  const { db } = await import("@/server/db");
  const { sealCredential } = await import("@/server/apps/credential-seal");
  const { fakeServiceAccount } = await import("../fakes/fcm/service-account");
  const editor = await createUser("editor");
  // What seedFcmApp does, minus the credentials action: its wrapper loads next-auth, which only
  // loads under Next.js or vitest. The key is sealed exactly as the action seals it.
  const { app } = await createApp();
  await db.app.update({ where: { id: app.id }, data: { approvalThreshold: devices + 1 } });
  await db.providerCredential.create({
    data: {
      appId: app.id,
      channel: "fcm",
      summary: {},
      secretSealed: sealCredential(app.id, "fcm", fakeServiceAccount()),
    },
  });
  await insertDevices(app.id, devices, { prefix });
  const campaignId = await sendCampaign(editor, campaignInput(app.id));
  process.stdout.write(`${JSON.stringify({ appId: app.id, campaignId })}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
