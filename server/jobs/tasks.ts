// Herald's graphile-worker tasks, declared once each: name, zod payload, handler. Per-device sending
// does not run as graphile jobs (graphile-worker 0.17 keeps a dead worker's jobs locked for four hours;
// dispatch batches use their own short leases instead, see server/dispatch); these are the periodic
// housekeeping jobs and anything else that is fine to retry at graphile's pace.
import "server-only";
import type { Task, TaskList } from "graphile-worker";
import { z } from "zod";
import { db } from "@/server/db";
import { log } from "@/server/log";
import { closeWaveIfDone } from "@/server/dispatch/complete";
import { cancelDispatch } from "@/server/campaigns/transitions";
import { decideRolloutAutomatically, rolloutDecideTask } from "@/server/campaigns/rollout";
import { sqlPool } from "@/server/sql";
import { runSmsFallback, type SmsSenderFor } from "@/server/sms/fallback";
import { smsFallbackTask } from "@/server/sms/schedule";
import { ensurePartitions } from "@/server/partitions/partitions";
import { readRetentionDays, retentionPass } from "@/server/partitions/retention";

interface TaskDefinition<S extends z.ZodType> {
  name: string;
  payload: S;
  handler(payload: z.output<S>): Promise<void>;
}

const define = <S extends z.ZodType>(task: TaskDefinition<S>) => task;

// Extra housekeeping steps other modules add (the inbox's expiry sweep, analytics rollups).
const maintenanceSteps: Array<{ name: string; run: () => Promise<unknown> }> = [];
export function addMaintenanceStep(name: string, run: () => Promise<unknown>) {
  if (!maintenanceSteps.some((step) => step.name === name)) maintenanceSteps.push({ name, run });
}

// Every minute: finish what a crash or a race may have left open.
const maintenance = define({
  name: "dispatch_maintenance",
  payload: z.unknown(),
  async handler() {
    // Waves whose last batch finished while fan-out was still marking them.
    const { rows: waves } = await sqlPool().query<{ id: string }>(
      `select w.id::text from "CampaignWave" w where w.state = 'queued'
          and not exists (select 1 from "DispatchBatch" b where b."waveId" = w.id and b.state <> 'done') limit 1000`,
    );
    for (const wave of waves) await closeWaveIfDone(wave.id);
    // Batches a cancelled campaign's in-flight sends handed back after the cancel, and waves a fan-out
    // step held while the cancel ran (cancelling skips them).
    const { rows: cancelled } = await sqlPool().query<{ id: string }>(
      `select c.id from "Campaign" c where c.state = 'cancelled'
          and (exists (select 1 from "DispatchBatch" b where b."campaignId" = c.id and b.state = 'pending')
            or exists (select 1 from "CampaignWave" w
                        where w."campaignId" = c.id and w.state in ('pending', 'fanning_out', 'queued')))
        limit 100`,
    );
    for (const campaign of cancelled) await db.$transaction((tx) => cancelDispatch(tx, campaign.id));
    await sqlPool().query(`delete from "RateBucket" where "updatedAt" < now() - interval '1 day'`);
    for (const step of maintenanceSteps) {
      await step.run().catch((error) => log.warn({ err: error, step: step.name }, "maintenance step failed"));
    }
  },
});

// Every hour: monthly partitions of Delivery and DeviceEvent ready ahead (and rows the default
// partitions took moved into theirs), then, when HERALD_RETENTION_DAYS is set, the retention pass.
export const partitionHousekeeping = define({
  name: "partition_housekeeping",
  payload: z.unknown(),
  async handler() {
    const made = await ensurePartitions();
    if (made.length) log.info({ partitions: made }, "partitions created");
    const days = readRetentionDays();
    if (days !== null) await retentionPass(days);
  },
});

// The wait of an A/B roll-out has ended: send the winner to the rest (server/campaigns/rollout.ts).
export const rolloutDecide = define({
  name: rolloutDecideTask,
  payload: z.object({ campaignId: z.uuid() }),
  async handler({ campaignId }) {
    const winner = await decideRolloutAutomatically(campaignId);
    log.info({ campaignId, winner }, winner ? "A/B roll-out winner sent to the rest" : "A/B roll-out left undecided");
  },
});

// What the tasks need from the worker's entry: the SMS provider half (server/sms/sender.ts) is handed
// in, not imported, so the fallback runs with whatever sender the entry chose.
export interface TaskDependencies {
  smsSenderFor: SmsSenderFor;
}

// The app's window after a wave was sent: text the devices that did not confirm the push (server/sms).
const smsFallback = (deps: TaskDependencies) =>
  define({
    name: smsFallbackTask,
    payload: z.object({ waveId: z.string().regex(/^\d+$/) }),
    async handler({ waveId }) {
      await runSmsFallback(waveId, { senderFor: deps.smsSenderFor });
    },
  });

// The task list graphile-worker runs: payloads are validated; an unknown payload is logged, not retried forever.
export function taskList(deps: TaskDependencies): TaskList {
  const list: TaskList = {};
  const definitions = [maintenance, partitionHousekeeping, smsFallback(deps), rolloutDecide] as Array<
    TaskDefinition<z.ZodType>
  >;
  for (const definition of definitions) {
    const task: Task = async (payload) => {
      const parsed = definition.payload.safeParse(payload);
      if (!parsed.success) {
        log.error({ task: definition.name, issues: parsed.error.issues }, "job payload refused; dropping it");
        return;
      }
      await definition.handler(parsed.data as never);
    };
    list[definition.name] = task;
  }
  return list;
}

export const crontab = `* * * * * dispatch_maintenance ?max=1
17 * * * * partition_housekeeping ?max=1`;
