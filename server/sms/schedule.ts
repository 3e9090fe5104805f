// Plans SMS signalling for a wave once it has been sent: a graphile-worker job `sms_fallback`, due
// the app's window (minutes) later, one per wave (job key), for campaigns whose kind the app's SMS
// policy allows and that set an SMS budget. Called by the worker when a wave closes.
import "server-only";
import { smsAllowedFor, smsPolicyOf } from "@/lib/sms/policy";
import { log } from "@/server/log";
import { sqlPool } from "@/server/sql";

export const smsFallbackTask = "sms_fallback";

interface WaveRow {
  type: string;
  breaking: boolean;
  smsMaxMessages: number | null;
  smsMaxCostMicros: string | null;
  smsPolicy: unknown;
}

// Answers the minutes until the job runs, or null when the wave gets no SMS fallback.
export async function scheduleSmsFallback(waveId: string): Promise<number | null> {
  const { rows } = await sqlPool().query<WaveRow>(
    `select c.type::text as type, c.breaking, c."smsMaxMessages", c."smsMaxCostMicros"::text as "smsMaxCostMicros",
            a."smsPolicy"
       from "CampaignWave" w join "Campaign" c on c.id = w."campaignId" join "App" a on a.id = c."appId"
      where w.id = $1`,
    [waveId],
  );
  const row = rows[0];
  if (!row || row.smsMaxMessages === null || row.smsMaxCostMicros === null) return null;
  const policy = smsPolicyOf(row.smsPolicy);
  if (!smsAllowedFor(policy, row)) return null;
  await sqlPool().query(
    `select graphile_worker.add_job($1, $2::json, run_at => now() + $3::int * interval '1 minute',
                                    max_attempts => 5, job_key => $4)`,
    [smsFallbackTask, JSON.stringify({ waveId }), policy.windowMinutes, `${smsFallbackTask}:${waveId}`],
  );
  log.info({ waveId, minutes: policy.windowMinutes }, "SMS fallback scheduled");
  return policy.windowMinutes;
}
