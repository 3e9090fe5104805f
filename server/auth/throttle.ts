// Failed sign-in throttling per email and per client IP, kept in PostgreSQL so every app process
// sees the same counters. After `limit` failures inside `windowMs` the key is locked for `lockMs`.
import "server-only";
import { db } from "@/server/db";

export const throttleRules = {
  email: { limit: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  ip: { limit: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
} as const;

type Kind = keyof typeof throttleRules;
const keyOf = (kind: Kind, value: string) => `${kind}:${value.toLowerCase()}`;

// Seconds until the sign-in may be tried again, or 0 when it is not locked.
export async function lockedFor(email: string, ip: string, now = new Date()): Promise<number> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: [keyOf("email", email), keyOf("ip", ip)] } } });
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0));
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

export async function recordFailure(email: string, ip: string, now = new Date()): Promise<void> {
  for (const [kind, value] of [
    ["email", email],
    ["ip", ip],
  ] as const) {
    const rule = throttleRules[kind];
    const windowStart = new Date(now.getTime() - rule.windowMs);
    const lockedUntil = new Date(now.getTime() + rule.lockMs);
    // One statement so that concurrent failures cannot lose a count.
    await db.$executeRaw`
      insert into "LoginThrottle" ("key", "failures", "windowStart")
      values (${keyOf(kind, value)}, 1, ${now})
      on conflict ("key") do update set
        "failures" = case when "LoginThrottle"."windowStart" < ${windowStart} then 1
          else "LoginThrottle"."failures" + 1 end,
        "windowStart" = case when "LoginThrottle"."windowStart" < ${windowStart} then ${now}
          else "LoginThrottle"."windowStart" end,
        "lockedUntil" = case
          when "LoginThrottle"."windowStart" >= ${windowStart} and "LoginThrottle"."failures" + 1 >= ${rule.limit}
            then ${lockedUntil}
          else "LoginThrottle"."lockedUntil" end`;
  }
}

export async function clearFailures(email: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: keyOf("email", email) } });
}
