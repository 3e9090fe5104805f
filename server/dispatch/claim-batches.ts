// Claiming batches to send: a worker takes sendable batches under a lease (state `claimed`), so no
// other worker sends them until the lease runs out. Shared by the loop (dispatcher.ts), the sender
// (send-batch.ts) and the recorder (record.ts).
import "server-only";
import type { Channel } from "@/server/generated/prisma/enums";
import { sqlPool } from "@/server/sql";
import type { DispatchConfig } from "./config";

// A batch this worker holds the lease on.
export interface ClaimedBatch {
  id: string;
  campaignId: string;
  waveId: string;
  channel: Channel;
  attempts: number;
}

// Claims up to `count` sendable batches (campaign sending, not backed off, channel not held by its
// circuit breaker: circuit.ts) under a lease, never one of `except` (batches whose results this
// worker holds until the database takes them).
export async function claimBatches(
  config: DispatchConfig,
  count: number,
  except: string[] = [],
): Promise<ClaimedBatch[]> {
  if (count <= 0) return [];
  const { rows } = await sqlPool().query<ClaimedBatch>(
    `update "DispatchBatch" b set state = 'claimed', "leaseUntil" = now() + $2 * interval '1 millisecond',
            "leasedBy" = $1, attempts = b.attempts + 1
      where b.id in (select b2.id from "DispatchBatch" b2 join "Campaign" c on c.id = b2."campaignId"
                      where c.state = 'sending' and b2."notBefore" <= now()
                        and not exists (select 1 from "ChannelCircuit" cc
                                         where cc."appId" = c."appId" and cc.channel = b2.channel
                                           and cc.state <> 'closed' and cc."holdUntil" > now())
                        and (b2.state = 'pending'
                             or (b2.state = 'claimed' and (b2."leaseUntil" is null or b2."leaseUntil" < now())))
                        and not (b2.id = any($4::bigint[]))
                      order by b2.priority, b2.id limit $3 for update of b2 skip locked)
      returning b.id::text, b."campaignId", b."waveId"::text, b.channel, b.attempts`,
    [config.workerId, config.leaseMs, count, except],
  );
  return rows;
}
