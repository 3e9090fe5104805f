// Session revocation: every staff session (a next-auth JWT) carries the user's session version from
// when it was issued; the version lives on the User row and every session read compares the two
// (server/auth/options.ts). Bumping it ends all of the user's sessions at their next request.
import "server-only";
import type { Db, Tx } from "@/server/db";

export class RevokedSession extends Error {
  constructor() {
    super("The session was signed out, or its user's password was reset.");
    this.name = "RevokedSession";
  }
}

export async function bumpSessionVersion(client: Db | Tx, userId: string): Promise<void> {
  await client.user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}
