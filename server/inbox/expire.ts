// Inbox retention: every message a device is sent also lands in its inbox (the poll channel's
// provider writes it; for other channels the dispatcher copies it with store.ts after a send), and
// expired messages are removed by the periodic job here.
import "server-only";
import { sqlPool } from "@/server/sql";

// Deletes expired inbox messages in slices of `slice` rows (short locks); answers how many went.
// The worker runs it periodically; reads never return expired rows, whether or not it has run.
export async function deleteExpiredInbox(options: { slice?: number; maxRows?: number } = {}): Promise<number> {
  const slice = options.slice ?? 5000;
  const maxRows = options.maxRows ?? 1_000_000;
  let deleted = 0;
  while (deleted < maxRows) {
    const { rowCount } = await sqlPool().query(
      `delete from "InboxMessage" where id in (
         select id from "InboxMessage" where "expiresAt" <= now() at time zone 'UTC'
          order by "expiresAt" limit $1 for update skip locked)`,
      [slice],
    );
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < slice) break;
  }
  return deleted;
}
