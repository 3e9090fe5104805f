// Records a batch of device events for one app in one statement (record-events-sql.ts) and answers
// what happened to each: accepted, a duplicate of an event already recorded, or refused with why.
import "server-only";
import type { DatabaseError } from "pg";
import { sqlPool } from "@/server/sql";
import { addCampaignMarks } from "./event-marks";
import type { Refusal, RefusalReason, ValidEvent } from "./events-schema";
import { recordEventsSql, recordEventsValues } from "./record-events-sql";

export { recordEventsValues };

// The answer of POST /api/v1/events.
export interface EventBatchResult {
  accepted: number;
  duplicates: number;
  refused: Refusal[];
}

const refusalDetails: Record<string, { reason: RefusalReason; detail: string }> = {
  unknown_device: {
    reason: "unknown_device",
    detail: "No device with this installationId is registered in this app; register it first",
  },
  foreign_campaign: { reason: "foreign_campaign", detail: "The campaign or message belongs to another app" },
  "unknown_message/not_found": { reason: "unknown_message", detail: "messageId is not a message Herald sent" },
  "unknown_message/no_campaign": { reason: "unknown_message", detail: "campaignId is not a campaign of this app" },
  "unknown_message/other_device": { reason: "unknown_message", detail: "messageId was not sent to this installation" },
  "unknown_message/campaign_mismatch": { reason: "unknown_message", detail: "messageId does not belong to campaignId" },
  "unknown_message/not_targeted": {
    reason: "unknown_message",
    detail: "This installation was never sent this campaign",
  },
};

// Deadlocks (concurrent batches touching the same deliveries or devices in another order) and
// serialization failures undo the whole statement, events included, so running it again is safe.
const retryableCodes = new Set(["40P01", "40001"]);
const maxAttempts = 4;

interface StatementResult {
  accepted: number;
  campaigns: Array<[string, number]>;
  refused: Array<[number, string]>;
}

async function runStatement(values: unknown[]): Promise<StatementResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const { rows } = await sqlPool().query<StatementResult>({
        name: "herald-record-events",
        text: recordEventsSql,
        values,
      });
      return rows[0];
    } catch (error) {
      if (attempt >= maxAttempts || !retryableCodes.has((error as DatabaseError).code ?? "")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt * Math.random()));
    }
  }
}

// Stores `events` (already validated) for the app; `refused` are the events refused before, which
// the answer lists with the database's refusals in batch order.
export async function recordEvents(
  appId: string,
  events: ValidEvent[],
  refused: Refusal[] = [],
): Promise<EventBatchResult> {
  const all = [...refused];
  let accepted = 0;
  if (events.length) {
    const result = await runStatement(recordEventsValues(appId, events));
    accepted = result.accepted;
    // Campaign counters and rollup marks, merged with other batches' after the commit (event-marks.ts).
    await addCampaignMarks(new Map(result.campaigns));
    const byIndex = new Map(events.map((e) => [e.index, e]));
    for (const [index, code] of result.refused) {
      const known = refusalDetails[code] ?? { reason: "invalid" as const, detail: code };
      all.push({ index, eventId: byIndex.get(index)?.eventId ?? null, ...known });
    }
  }
  all.sort((a, b) => a.index - b.index);
  const stored = events.length - (all.length - refused.length);
  return { accepted, duplicates: stored - accepted, refused: all };
}
