// "Resend to failed": sends a completed campaign once more to the devices whose delivery failed
// transiently (the retry window ran out on 5xx, timeouts, connection trouble: failedTransiently),
// never to dead tokens, rejected payloads or suppressed devices, and only to devices still active.
// Through the normal dispatch path: the deliveries go back to `queued` in a new wave of the same run,
// each in a new batch beside the others of its old batch (so no batch outgrows its channel's size),
// and the campaign returns to `sending` until that wave is done. Counters move failed -> queued and
// the analytics rollup is marked dirty in the same transaction; once per campaign (resentAt).
// It lives in dispatch (like credential-actions.ts) because dispatch imports the campaigns domain.
import "server-only";
import { can } from "@/lib/permissions";
import { typePermission } from "@/lib/campaigns/state";
import type { StaffUser } from "@/server/auth/session";
import { writeAudit } from "@/server/audit/write";
import { db } from "@/server/db";
import { ConflictError, ForbiddenError, NotFoundError, UserError } from "@/server/errors";
import { DISPATCH_CHANNEL } from "@/server/wake";
import { countersSql } from "./campaign-tx";
import { forgetCampaign } from "./campaign-context";

export async function resendToFailed(user: StaffUser, campaignId: string): Promise<{ devices: number }> {
  const result = await db.$transaction(
    async (tx) => {
      // The campaign row first (campaign-tx.ts's lock order for lifecycle changes).
      const [campaign] = await tx.$queryRawUnsafe<
        Array<{ appId: string; type: string; breaking: boolean; state: string; run: number; resentAt: Date | null }>
      >(
        `select "appId"::text as "appId", type::text as type, breaking, state::text as state, "currentRun" as run,
                "resentAt" from "Campaign" where id = $1::uuid for update`,
        campaignId,
      );
      if (!campaign) throw new NotFoundError("Campaign");
      if (!can(user, typePermission(campaign.type as never)))
        throw new ForbiddenError(`Your role cannot write ${campaign.type} campaigns.`);
      if (campaign.resentAt)
        throw new ConflictError(
          "This campaign was already resent to its failed devices; it can be resent only once.",
          undefined,
          "already_resent",
        );
      if (campaign.state !== "completed")
        throw new UserError(
          "Only a completed campaign can be resent to its failed devices.",
          undefined,
          409,
          "not_completed",
        );
      // The deliveries to send again, by the batch they failed in.
      const groups = await tx.$queryRawUnsafe<Array<{ old: string; channel: string; n: number }>>(
        `select d."batchId"::text as old, d.channel::text as channel, count(*)::int as n
           from "Delivery" d join "Device" v on v.id = d."deviceId"
          where d."campaignId" = $1::uuid and d.run = $2 and d.status = 'failed' and d."failedTransiently"
            and v.status = 'active'
          group by 1, 2`,
        campaignId,
        campaign.run,
      );
      const devices = groups.reduce((sum, g) => sum + g.n, 0);
      if (!devices)
        throw new UserError(
          "No device of this campaign failed for a transient reason; there is nothing to resend.",
          undefined,
          422,
          "nothing_to_resend",
        );
      const [wave] = await tx.$queryRawUnsafe<Array<{ id: string }>>(
        `insert into "CampaignWave" ("campaignId", run, index, "dueAt", state, "startedAt", "fannedOutAt", targeted)
         select $1::uuid, $2, coalesce(max(index), -1) + 1, now(), 'queued', now(), now(), 0
           from "CampaignWave" where "campaignId" = $1::uuid and run = $2
         returning id::text`,
        campaignId,
        campaign.run,
      );
      const ids = await tx.$queryRawUnsafe<Array<{ id: string }>>(
        `select nextval(pg_get_serial_sequence('"DispatchBatch"', 'id'))::text as id from generate_series(1, $1)`,
        groups.length,
      );
      const priority = campaign.type === "news" ? (campaign.breaking ? 0 : 1) : 2;
      await tx.$executeRawUnsafe(
        `insert into "DispatchBatch" (id, "campaignId", "waveId", channel, size, priority)
         select b.id, $1::uuid, $2::bigint, b.channel::"Channel", b.size, $3
           from unnest($4::bigint[], $5::text[], $6::int[]) as b(id, channel, size)`,
        campaignId,
        wave!.id,
        priority,
        ids.map((row) => row.id),
        groups.map((g) => g.channel),
        groups.map((g) => g.n),
      );
      // A fresh retry window and time to live from now; the attempts so far stay counted.
      const moved = await tx.$executeRawUnsafe(
        `update "Delivery" d set status = 'queued', "batchId" = m.batch, "waveId" = $3::bigint, "errorCode" = null,
                "failedAt" = null, "failedTransiently" = false, "firstAttemptAt" = null,
                "queuedAt" = now() at time zone 'UTC', "updatedAt" = now()
           from unnest($4::bigint[], $5::text[], $6::bigint[]) as m(old, channel, batch), "Device" v
          where d."campaignId" = $1::uuid and d.run = $2 and d."batchId" is not distinct from m.old
            and d.channel::text = m.channel
            and d.status = 'failed' and d."failedTransiently" and v.id = d."deviceId" and v.status = 'active'`,
        campaignId,
        campaign.run,
        wave!.id,
        groups.map((g) => g.old),
        groups.map((g) => g.channel),
        ids.map((row) => row.id),
      );
      if (moved !== devices) throw new Error(`resend moved ${moved} deliveries, expected ${devices}`);
      await tx.campaign.update({
        where: { id: campaignId },
        data: { state: "sending", completedAt: null, resentAt: new Date() },
      });
      // Counters: failed -> queued; marks the campaign for the analytics rollup.
      await tx.$queryRawUnsafe(countersSql, campaignId, 0, 0, 0, -devices, devices);
      await tx.$executeRawUnsafe(`select pg_notify($1, 'batches')`, DISPATCH_CHANNEL);
      await writeAudit(tx, user, {
        action: "campaigns.resendFailed",
        targetType: "Campaign",
        targetId: campaignId,
        appId: campaign.appId,
        diff: { state: ["completed", "sending"], devices },
      });
      return { devices };
    },
    { timeout: 60_000 },
  );
  forgetCampaign(campaignId);
  return result;
}
