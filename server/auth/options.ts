// next-auth 4 configuration: email + password (argon2id), JWT sessions, throttled failures.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "@/server/db";
import { log } from "@/server/log";
import { countRateLimited } from "@/server/ops/metrics";
import { dummyHash, verifyPassword } from "./password";
import { bumpSessionVersion, RevokedSession } from "./session-version";
import { clientAddressHeader } from "./client-address";
import { clearFailures, recordFailure, throttleFor } from "./throttle";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(256),
});

// Set by Herald's HTTP server from the socket (or a trusted proxy); X-Forwarded-For is not read here.
function clientIp(headers: Record<string, string | string[] | undefined> | undefined): string {
  const value = headers?.[clientAddressHeader];
  return (Array.isArray(value) ? value[0] : value)?.trim() || "unknown";
}

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const ip = clientIp(request?.headers as Record<string, string> | undefined);
        const throttle = await throttleFor(email, ip);
        if (throttle.lockedFor > 0) {
          countRateLimited("sign_in");
          throw new Error(`locked:${throttle.lockedFor}`);
        }
        if (throttle.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, throttle.delayMs));
        const user = await db.user.findUnique({ where: { email }, omit: { passwordHash: false } });
        const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
        if (!user || !ok || user.disabled) {
          await recordFailure(email, ip);
          log.warn({ email, ip }, "sign-in failed");
          return null;
        }
        await clearFailures(email, ip);
        await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
        return {
          id: user.id,
          email: user.email,
          name: user.name,
          role: user.role,
          sessionVersion: user.sessionVersion,
        };
      },
    }),
  ],
  callbacks: {
    // Runs at sign-in (with `user`) and on every later session read. A session is good only while its
    // user exists, is enabled and still has the session version it was issued under; otherwise this
    // throws, next-auth answers "no session" and clears the cookie (routes/session.js), so sign-out,
    // a password reset or "sign out everywhere" ends every older session at its next request.
    async jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.role = (user as { role?: string }).role;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        return token;
      }
      const current = token.sub
        ? await db.user.findUnique({ where: { id: token.sub }, select: { sessionVersion: true, disabled: true } })
        : null;
      if (!current || current.disabled || current.sessionVersion !== (token.sv ?? 0)) throw new RevokedSession();
      return token;
    },
    async session({ session, token }) {
      if (session.user) {
        (session.user as { id?: string }).id = token.sub;
        (session.user as { role?: unknown }).role = token.role;
      }
      return session;
    },
  },
  events: {
    // Signing out ends the user's other sessions too (one version per user).
    async signOut({ token }) {
      if (token?.sub) await bumpSessionVersion(db, token.sub);
    },
  },
  logger: {
    error(code, metadata) {
      const error = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | undefined)?.error;
      if (code === "JWT_SESSION_ERROR" && error instanceof RevokedSession) log.info("ended a revoked staff session");
      else log.error({ code, err: error }, "next-auth error");
    },
    warn(code) {
      log.warn({ code }, "next-auth warning");
    },
    debug() {},
  },
};
