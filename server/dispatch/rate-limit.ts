// Token buckets in PostgreSQL, shared by every worker: one per provider credential (the vendor's
// quota) and one per throttled campaign. A taker always gets its tokens and is told how long to wait
// before using them (the bucket may go into debt), so concurrent takers queue up in order instead of
// retrying in a loop.
import "server-only";
import type { Pool } from "pg";

// Reserves `count` tokens from bucket `key` (created full on first use); resolves to the milliseconds
// to wait before sending. ratePerMinute also sets the burst capacity (one second's worth, at least `count`).
export async function reserveTokens(pool: Pool, key: string, count: number, ratePerMinute: number): Promise<number> {
  const perSecond = ratePerMinute / 60;
  const capacity = Math.max(perSecond, count);
  const { rows } = await pool.query<{ tokens: number }>(
    `insert into "RateBucket" (key, tokens, capacity, "refillPerSec", "updatedAt")
     values ($1, $2::float8 - $4::float8, $2::float8, $3::float8, clock_timestamp())
     on conflict (key) do update set
       tokens = least(excluded.capacity,
                      "RateBucket".tokens
                        + extract(epoch from clock_timestamp() - "RateBucket"."updatedAt") * excluded."refillPerSec")
                - $4::float8,
       capacity = excluded.capacity, "refillPerSec" = excluded."refillPerSec", "updatedAt" = clock_timestamp()
     returning tokens`,
    [key, capacity, perSecond, count],
  );
  const tokens = Number(rows[0]!.tokens);
  return tokens >= 0 ? 0 : Math.ceil((-tokens / perSecond) * 1000);
}
