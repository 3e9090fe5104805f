// Failed sign-in throttling, kept in PostgreSQL so every app process sees the same counters. Three
// counters, each over a 15-minute window:
// - per email and client address: 5 failures lock that pair for 15 minutes. A stranger guessing from
//   their own address locks only themselves: the owner signing in from elsewhere is not refused.
// - per client address: 30 failures (password spraying over many emails) lock the address.
// - per email, from any address: no lock, so nobody can lock an owner out, but past 5 failures every
//   further attempt on that email waits before it is answered (0.5 s doubling per failure, at most 8 s),
//   which slows a guesser spread over many addresses without ever refusing the right password.
// Every counter is kept for any email typed, existing or not, and the answers are the same, so the
// throttle tells nobody which emails have accounts. The client address comes from the socket (or a
// trusted proxy), never from a header the client wrote (server/auth/client-address.ts).
import "server-only";
import { db } from "@/server/db";

export const throttleRules = {
  pair: { limit: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  ip: { limit: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  email: { limit: 5, windowMs: 15 * 60_000, baseDelayMs: 500, maxDelayMs: 8_000 },
} as const;

type Kind = keyof typeof throttleRules;

function keys(email: string, ip: string): Record<Kind, string> {
  const mail = email.toLowerCase();
  return { pair: `pair:${mail}|${ip}`, ip: `ip:${ip}`, email: `email:${mail}` };
}

// The wait an attempt gets after `failures` recent failures on its email.
export function slowingDelayMs(failures: number): number {
  const rule = throttleRules.email;
  if (failures < rule.limit) return 0;
  return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** (failures - rule.limit));
}

export interface Throttle {
  // Seconds until this email may be tried again from this address, or 0.
  lockedFor: number;
  // How long to wait before answering this attempt.
  delayMs: number;
}

export async function throttleFor(email: string, ip: string, now = new Date()): Promise<Throttle> {
  const key = keys(email, ip);
  const rows = await db.loginThrottle.findMany({ where: { key: { in: [key.pair, key.ip, key.email] } } });
  const until = Math.max(0, ...rows.filter((r) => r.key !== key.email).map((r) => r.lockedUntil?.getTime() ?? 0));
  const emailRow = rows.find((r) => r.key === key.email);
  const recent =
    emailRow && emailRow.windowStart.getTime() >= now.getTime() - throttleRules.email.windowMs ? emailRow.failures : 0;
  return {
    lockedFor: until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0,
    delayMs: slowingDelayMs(recent),
  };
}

export async function recordFailure(email: string, ip: string, now = new Date()): Promise<void> {
  const key = keys(email, ip);
  for (const kind of ["pair", "ip", "email"] as const) {
    const rule = throttleRules[kind];
    const windowStart = new Date(now.getTime() - rule.windowMs);
    // The email counter never locks: its limit is never reached.
    const lockedUntil = new Date(now.getTime() + ("lockMs" in rule ? rule.lockMs : 0));
    const limit = "lockMs" in rule ? rule.limit : 2_147_483_647;
    // One statement so that concurrent failures cannot lose a count.
    await db.$executeRaw`
      insert into "LoginThrottle" ("key", "failures", "windowStart")
      values (${key[kind]}, 1, ${now})
      on conflict ("key") do update set
        "failures" = case when "LoginThrottle"."windowStart" < ${windowStart} then 1
          else "LoginThrottle"."failures" + 1 end,
        "windowStart" = case when "LoginThrottle"."windowStart" < ${windowStart} then ${now}
          else "LoginThrottle"."windowStart" end,
        "lockedUntil" = case
          when "LoginThrottle"."windowStart" >= ${windowStart} and "LoginThrottle"."failures" + 1 >= ${limit}
            then ${lockedUntil}
          else "LoginThrottle"."lockedUntil" end`;
  }
}

// After a successful sign-in: the owner's own pair and the email's slowing start over (the address's
// spraying counter stays).
export async function clearFailures(email: string, ip: string): Promise<void> {
  const key = keys(email, ip);
  await db.loginThrottle.deleteMany({ where: { key: { in: [key.pair, key.email] } } });
}
