// A/B winner roll-out (lib/campaigns/rollout.ts): the run's planned waves are its test phase (fan-out
// takes only the test share, a hash slice: server/dispatch/assign.ts); when the test phase has gone out
// the worker schedules the decision job `ab_rollout_decide` the wait later; the job, or staff with a click,
// picks the winner and plans the winner phase as new waves of the same run (quiet hours and the plan's
// rules as in plan.ts), which fan-out sends to everyone else: the audience minus the test share minus
// the holdout. Delivery stays unique per campaign, run and device, so nobody gets a second push.
import "server-only";
import { can } from "@/lib/permissions";
import type { RolloutDecision, RolloutInput, RolloutMetric, RolloutView } from "@/lib/campaigns/rollout";
import { typePermission, type CampaignType } from "@/lib/campaigns/state";
import type { StaffUser } from "@/server/auth/session";
import { type AuditActor, writeAudit } from "@/server/audit/write";
import { db, type Tx } from "@/server/db";
import { ConflictError, ForbiddenError, NotFoundError, UserError } from "@/server/errors";
import { log } from "@/server/log";
import { sqlPool } from "@/server/sql";
import { DISPATCH_CHANNEL } from "@/server/wake";
import { planRun, writeRunWaves } from "./plan";
import { chooseWinner, standing, type VariantCounts } from "./rollout-choice";

export const rolloutDecideTask = "ab_rollout_decide";
const automatic: AuditActor = { id: null, email: "dispatcher" };

// The Campaign columns of a roll-out as the composer sent it (all null: none).
export function rolloutColumns(rollout: RolloutInput | undefined) {
  return {
    rolloutTestPercent: rollout?.testPercent ?? null,
    rolloutWaitMinutes: rollout?.waitMinutes ?? null,
    rolloutMetric: rollout?.metric ?? null,
    rolloutFallback: rollout?.fallback ?? null,
  };
}

// When a run is scheduled: the decision is due the wait after its last planned wave (the worker sets
// it again from the moment the test phase has gone out). Answers the waves' phase.
export async function planRolloutDecision(
  tx: Tx,
  campaign: { id: string; rolloutTestPercent?: number | null; rolloutWaitMinutes?: number | null },
  waves: Array<{ at: Date }>,
): Promise<"test" | undefined> {
  if (campaign.rolloutTestPercent == null || campaign.rolloutWaitMinutes == null) return undefined;
  const last = Math.max(Date.now(), ...waves.map((wave) => wave.at.getTime()));
  await tx.campaign.update({
    where: { id: campaign.id },
    data: {
      rolloutDecideAt: new Date(last + campaign.rolloutWaitMinutes * 60_000),
      rolloutWinnerKey: null,
      rolloutDecidedAt: null,
      rolloutDecidedById: null,
      rolloutDecision: null,
    },
  });
  return "test";
}

// The worker's wave-done step: once every test wave of a roll-out is out, the decision job is due the
// wait from now (one job per campaign: its key). Answers when, or null for any other wave.
export async function scheduleRolloutDecision(waveId: string): Promise<Date | null> {
  const { rows } = await sqlPool().query<{ campaignId: string; decideAt: Date }>(
    `update "Campaign" c set "rolloutDecideAt" = now() + c."rolloutWaitMinutes" * interval '1 minute'
       from "CampaignWave" w
      where w.id = $1 and w.phase = 'test' and c.id = w."campaignId" and c."rolloutWinnerKey" is null
        and not exists (select 1 from "CampaignWave" o where o."campaignId" = c.id and o.run = w.run
                         and o.phase = 'test' and o.state not in ('done', 'cancelled'))
      returning c.id as "campaignId", c."rolloutDecideAt" as "decideAt"`,
    [waveId],
  );
  const row = rows[0];
  if (!row) return null;
  await sqlPool().query(
    `select graphile_worker.add_job($1, $2::json, run_at => $3::timestamptz, max_attempts => 10, job_key => $4)`,
    [
      rolloutDecideTask,
      JSON.stringify({ campaignId: row.campaignId }),
      row.decideAt,
      `${rolloutDecideTask}:${row.campaignId}`,
    ],
  );
  log.info({ campaignId: row.campaignId, decideAt: row.decideAt }, "A/B roll-out decision scheduled");
  return row.decideAt;
}

// Each variant's test-phase sends, opens, clicks and conversions (and the winner phase's sends), from the
// rows. A conversion is a test-phase device that reported the campaign's goal event within the goal's
// window after its send (lib/analytics/conversions.ts); only the test waves count, so the winner's own
// conversions never feed the decision. Windows still open count the events known so far.
export async function rolloutCounts(campaignId: string, run: number) {
  const { rows } = await sqlPool().query<VariantCounts & { winnerSent: number }>(
    `with goal as (
       select "goalEvent" as event, "goalWindowSeconds" as seconds from "Campaign"
        where id = $1::uuid and "goalEvent" is not null and "goalWindowSeconds" is not null
     ), converted as (
       select d."variantKey" as key, count(*)::int as n
         from "Delivery" d
         join "CampaignWave" w on w.id = d."waveId" and w.phase = 'test'
         cross join goal g
        where d."campaignId" = $1::uuid and d.run = $2 and d."sentAt" is not null
          and exists (select 1 from "DeviceEvent" e
                       where e."deviceId" = d."deviceId" and e.type = 'custom' and e.name = g.event
                         and e."occurredAt" >= d."sentAt"
                         and e."occurredAt" < d."sentAt" + g.seconds * interval '1 second')
        group by d."variantKey"
     )
     select v.key,
            count(d.id) filter (where w.phase = 'test' and d."sentAt" is not null)::int as sent,
            count(d.id) filter (where w.phase = 'test' and d."sentAt" is not null and d."openedAt" is not null)::int
              as opened,
            count(d.id) filter (where w.phase = 'test' and d."sentAt" is not null and d."clickedAt" is not null)::int
              as clicked,
            coalesce(max(c.n), 0)::int as converted,
            count(d.id) filter (where w.phase = 'winner' and d."sentAt" is not null)::int as "winnerSent"
       from "CampaignVariant" v
       left join "Delivery" d on d."campaignId" = v."campaignId" and d.run = $2 and d."variantKey" = v.key
       left join "CampaignWave" w on w.id = d."waveId"
       left join converted c on c.key = v.key
      where v."campaignId" = $1::uuid
      group by v.key order by v.key`,
    [campaignId, run],
  );
  return rows;
}

interface RolloutRow {
  appId: string;
  type: string;
  state: string;
  run: number;
  testPercent: number | null;
  metric: RolloutMetric | null;
  fallback: "leader" | "first_variant" | "wait" | null;
  decideAt: Date | null;
  winnerKey: string | null;
  testOpen: number;
}

async function lockRollout(tx: Tx, campaignId: string): Promise<RolloutRow | undefined> {
  const [row] = await tx.$queryRawUnsafe<RolloutRow[]>(
    `select "appId"::text as "appId", type::text as type, state::text as state, "currentRun" as run,
            "rolloutTestPercent" as "testPercent", "rolloutMetric"::text as metric,
            "rolloutFallback"::text as fallback, "rolloutDecideAt" as "decideAt", "rolloutWinnerKey" as "winnerKey",
            (select count(*)::int from "CampaignWave" w where w."campaignId" = c.id and w.run = c."currentRun"
               and w.phase = 'test' and w.state in ('pending', 'fanning_out')) as "testOpen"
       from "Campaign" c where id = $1::uuid for update`,
    campaignId,
  );
  return row;
}

// Writes the decision and plans the winner phase (the rest of the audience, from now, with quiet hours).
async function sendWinner(
  tx: Tx,
  campaignId: string,
  row: RolloutRow,
  winner: string,
  decision: RolloutDecision,
  actor: AuditActor,
) {
  const campaign = await tx.campaign.findUniqueOrThrow({
    where: { id: campaignId },
    include: {
      app: { select: { timezone: true, quietHoursStart: true, quietHoursEnd: true } },
      segment: { select: { expression: true } },
    },
  });
  const now = new Date();
  const waves = await planRun(
    { ...campaign, expression: campaign.segment?.expression ?? campaign.expression, schedule: { kind: "now" } },
    now,
  );
  const last = await tx.campaignWave.aggregate({ where: { campaignId, run: row.run }, _max: { index: true } });
  await writeRunWaves(tx, campaignId, row.run, waves, { phase: "winner", firstIndex: (last._max.index ?? -1) + 1 });
  await tx.campaign.update({
    where: { id: campaignId },
    data: { rolloutWinnerKey: winner, rolloutDecidedAt: now, rolloutDecidedById: actor.id, rolloutDecision: decision },
  });
  await writeAudit(tx, actor, {
    action: "campaigns.sendWinner",
    targetType: "Campaign",
    targetId: campaignId,
    appId: row.appId,
    diff: { winner, decision, waves: waves.length },
  });
  await tx.$executeRawUnsafe(`select pg_notify($1, 'wake')`, DISPATCH_CHANNEL);
}

// The decision job: idempotent (a decided campaign, one not sending, or a job that came early does
// nothing). Answers the winner sent, or null.
export async function decideRolloutAutomatically(campaignId: string): Promise<string | null> {
  return db.$transaction(
    async (tx) => {
      const row = await lockRollout(tx, campaignId);
      if (!row || row.testPercent === null || row.winnerKey !== null || row.state !== "sending") return null;
      if (row.testOpen > 0 || (row.decideAt && row.decideAt.getTime() > Date.now())) return null;
      const counts = await rolloutCounts(campaignId, row.run);
      const choice = chooseWinner(counts, row.metric ?? "opened", row.fallback ?? "leader");
      if (!choice) return null;
      await sendWinner(tx, campaignId, row, choice.winner, choice.decision, automatic);
      return choice.winner;
    },
    { timeout: 60_000 },
  );
}

// "Send variant B to the rest now": staff who may write the campaign's type pick a variant (the
// leader shown on the page) once its test phase has gone out.
export async function decideRolloutNow(user: StaffUser, campaignId: string, variantKey: string) {
  return db.$transaction(
    async (tx) => {
      const row = await lockRollout(tx, campaignId);
      if (!row) throw new NotFoundError("Campaign");
      if (!can(user, typePermission(row.type as CampaignType)))
        throw new ForbiddenError(`Your role cannot write ${row.type} campaigns.`);
      if (row.testPercent === null)
        throw new UserError("This campaign has no A/B test share.", undefined, 409, "no_rollout");
      if (row.winnerKey !== null)
        throw new ConflictError(`Variant ${row.winnerKey} is already going to the rest.`, undefined, "already_decided");
      if (row.state !== "sending" || row.testOpen > 0)
        throw new UserError(
          "The test share has not been sent yet; choose the winner once it has.",
          undefined,
          409,
          "test_not_sent",
        );
      const counts = await rolloutCounts(campaignId, row.run);
      if (!counts.some((v) => v.key === variantKey))
        throw new UserError("No such variant.", { variantKey: ["No such variant."] }, 400, "no_variant");
      await sendWinner(tx, campaignId, row, variantKey, "manual", user);
      return { winner: variantKey };
    },
    { timeout: 60_000 },
  );
}

// What the campaign page shows of a roll-out; null for a campaign without one.
export async function getRolloutView(campaignId: string): Promise<RolloutView | null> {
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    select: {
      state: true,
      type: true,
      currentRun: true,
      rolloutTestPercent: true,
      rolloutWaitMinutes: true,
      rolloutMetric: true,
      rolloutFallback: true,
      rolloutDecideAt: true,
      rolloutWinnerKey: true,
      rolloutDecidedAt: true,
      rolloutDecidedById: true,
      rolloutDecision: true,
      goalEvent: true,
    },
  });
  if (!campaign || campaign.rolloutTestPercent === null) return null;
  const metric = campaign.rolloutMetric ?? "opened";
  const [counts, testWaves, decider] = await Promise.all([
    rolloutCounts(campaignId, campaign.currentRun),
    db.campaignWave.findMany({
      where: { campaignId, run: campaign.currentRun, phase: "test" },
      select: { state: true },
    }),
    campaign.rolloutDecidedById
      ? db.user.findUnique({ where: { id: campaign.rolloutDecidedById }, select: { email: true } })
      : null,
  ]);
  const now = standing(counts, metric);
  const testSent = testWaves.length > 0 && testWaves.every((w) => !["pending", "fanning_out"].includes(w.state));
  const waitOver = campaign.rolloutDecideAt !== null && campaign.rolloutDecideAt.getTime() <= Date.now();
  const phase = campaign.rolloutWinnerKey
    ? "winner"
    : !testSent
      ? "scheduled"
      : waitOver && campaign.rolloutFallback === "wait"
        ? "awaiting_choice"
        : "testing";
  return {
    testPercent: campaign.rolloutTestPercent,
    waitMinutes: campaign.rolloutWaitMinutes ?? 0,
    metric,
    goalEvent: campaign.goalEvent,
    fallback: campaign.rolloutFallback ?? "leader",
    phase,
    decideAt: campaign.rolloutDecideAt?.toISOString() ?? null,
    winnerKey: campaign.rolloutWinnerKey,
    decision: campaign.rolloutDecision,
    decidedAt: campaign.rolloutDecidedAt?.toISOString() ?? null,
    decidedBy: campaign.rolloutDecision ? (decider?.email ?? null) : null,
    variants: counts.map((v) => ({ ...v, rate: now.rates[v.key] ?? null })),
    leader: now.leader,
    significant: now.significant,
    pValue: now.pValue,
    significanceLevel: now.significanceLevel,
    canDecide: !campaign.rolloutWinnerKey && campaign.state === "sending" && testSent,
  };
}

// Housekeeping's catch-up: roll-outs whose decision is overdue (the job came while the campaign was
// paused, or was lost) are decided now. The rule "wait for a click" is left alone.
export async function decideOverdueRollouts(): Promise<number> {
  const { rows } = await sqlPool().query<{ id: string }>(
    `select id from "Campaign" where state = 'sending' and "rolloutWinnerKey" is null
        and "rolloutTestPercent" is not null and "rolloutFallback" <> 'wait'
        and "rolloutDecideAt" < now() - interval '1 minute' limit 20`,
  );
  let decided = 0;
  for (const row of rows) if (await decideRolloutAutomatically(row.id)) decided += 1;
  return decided;
}

// A stored campaign's roll-out as the composer and templates take it back ({} for none).
export function storedRollout(c: {
  rolloutTestPercent: number | null;
  rolloutWaitMinutes: number | null;
  rolloutMetric: RolloutMetric | null;
  rolloutFallback: "leader" | "first_variant" | "wait" | null;
}): { rollout?: RolloutInput } {
  if (c.rolloutTestPercent === null || c.rolloutWaitMinutes === null) return {};
  return {
    rollout: {
      testPercent: c.rolloutTestPercent,
      waitMinutes: c.rolloutWaitMinutes,
      metric: c.rolloutMetric ?? "opened",
      fallback: c.rolloutFallback ?? "leader",
    },
  };
}
