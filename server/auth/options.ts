// next-auth 4 configuration: email + password (argon2id), JWT sessions, throttled failures.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "@/server/db";
import { countRateLimited } from "@/server/ops/metrics";
import { logFault, logRefusal } from "@/server/log-limit";
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
          logRefusal("auth:sign-in-failed", { email, ip }, "sign-in failed", "warn");
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
  // next-auth's lines, sorted into a client's doing (one line, no stack, rate-limited) and faults of
  // ours (with the stack, rate-limited too): a session or CSRF cookie that does not decrypt (forged,
  // garbled, or sealed under an older secret) is the client's, and so is everything that arrives
  // through next-auth's POST /api/auth/_log, which anyone may call with any code, level and text
  // (its metadata is then a plain object of strings, never an Error).
  logger: {
    error(code, metadata) {
      const error = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | undefined)?.error;
      const shownCode = String(code).slice(0, 100);
      if (code === "JWT_SESSION_ERROR" && error instanceof RevokedSession)
        logRefusal("auth:revoked-session", {}, "ended a revoked staff session");
      else if (!(error instanceof Error) || code === "LOGGER_ERROR")
        logRefusal("auth:client-log", { code: shownCode }, "next-auth client log line");
      else if (isTokenError(error))
        logRefusal(
          "auth:bad-token",
          { code: shownCode, reason: error.name },
          "refused an unreadable auth cookie",
          "warn",
        );
      else logFault("auth:error", error, { code: shownCode }, "next-auth error");
    },
    warn(code) {
      logRefusal("auth:warn", { code: String(code).slice(0, 100) }, "next-auth warning", "warn");
    },
    debug() {},
  },
};

// jose's JWT/JWE errors (next-auth's token decoding): their codes start with ERR_JW (ERR_JWE_INVALID,
// ERR_JWE_DECRYPTION_FAILED, ERR_JWT_EXPIRED, ...).
function isTokenError(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("ERR_JW");
}
