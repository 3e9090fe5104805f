// The simulator's FCM service-account key: project "herald-simulator", the one project id Herald
// sends to the simulator's fake FCM (server/dispatch/providers/fcm/simulator-endpoint.ts). Its
// private key is freshly generated and never used to sign anything (that project needs no OAuth).
import { generateKeyPairSync } from "node:crypto";
import type pg from "pg";
import type { FcmSecret } from "../../lib/channels";
import { sealCredential } from "../../server/apps/credential-seal";
import { simulatorProjectId } from "../../server/dispatch/providers/fcm/simulator-endpoint";

// A service-account JSON the app page accepts, for the simulator's project.
export function simulatorServiceAccount(): FcmSecret {
  const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString();
  return {
    type: "service_account",
    project_id: simulatorProjectId,
    private_key_id: "herald-simulator",
    private_key: privateKey,
    client_email: `device-simulator@${simulatorProjectId}.iam.gserviceaccount.com`,
    client_id: "0",
    token_uri: "https://oauth2.googleapis.com/token",
  };
}

// Gives the app the simulator's FCM key when it has no FCM key at all (a real key is never
// replaced). Answers whose key the app holds now: "simulator" or "other".
export async function ensureSimulatorCredential(pool: pg.Pool, appId: string): Promise<"simulator" | "other"> {
  const held = async () =>
    (
      await pool.query<{ projectId: string | null }>(
        `select summary->>'projectId' as "projectId" from "ProviderCredential" where "appId" = $1 and channel = 'fcm'`,
        [appId],
      )
    ).rows[0];
  const current = await held();
  if (current) return current.projectId === simulatorProjectId ? "simulator" : "other";
  const secret = simulatorServiceAccount();
  await pool.query(
    `insert into "ProviderCredential" (id, "appId", channel, summary, "secretSealed", "updatedAt")
     values (gen_random_uuid(), $1, 'fcm', $2::jsonb, $3, now()) on conflict ("appId", channel) do nothing`,
    [
      appId,
      JSON.stringify({ projectId: secret.project_id, clientEmail: secret.client_email }),
      sealCredential(appId, "fcm", secret),
    ],
  );
  return (await held())?.projectId === simulatorProjectId ? "simulator" : "other";
}
