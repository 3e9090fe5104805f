// The simulator's FCM service-account key: project "herald-simulator", the one project id Herald
// sends to the simulator's fake FCM (server/dispatch/providers/fcm/simulator-endpoint.ts). Its
// private key is freshly generated and never used to sign anything (that project needs no OAuth).
import type pg from "pg";
import type { FcmSecret } from "../../lib/channels";
import { sealCredential } from "../../server/apps/credential-seal";
import { simulatorProjectId } from "../../server/dispatch/providers/fcm/simulator-endpoint";
import { serviceAccountKey } from "../lib/service-account";

// A service-account JSON the app page accepts, for the simulator's project.
export function simulatorServiceAccount(): FcmSecret {
  return serviceAccountKey(simulatorProjectId, {
    keyId: "herald-simulator",
    clientEmail: `device-simulator@${simulatorProjectId}.iam.gserviceaccount.com`,
    clientId: "0",
  });
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
