// `npm run user:reset-password -- <email>`: sets a new random password for a staff account and
// prints it once (the way back in when the first-start password was lost). Re-enables the account.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { hashPassword } from "../server/auth/password";
import { resolveDatabase } from "./lib/database";

const email = process.argv
  .slice(2)
  .find((a) => !a.startsWith("-"))
  ?.trim()
  .toLowerCase();
if (!email) {
  console.error("usage: npm run user:reset-password -- <email>");
  process.exit(2);
}
const db = await resolveDatabase();
const client = new pg.Client({ connectionString: db.url });
await client.connect();
try {
  const password = process.env.NEW_PASSWORD ?? randomBytes(12).toString("base64url");
  const { rowCount } = await client.query(
    // The new password also ends every session signed in with the old one.
    `update "User" set "passwordHash" = $1, disabled = false, "sessionVersion" = "sessionVersion" + 1,
       "updatedAt" = now() where email = $2`,
    [await hashPassword(password), email],
  );
  if (!rowCount) {
    console.error(`no staff account with email ${email}`);
    process.exitCode = 1;
  } else {
    await client.query(`delete from "LoginThrottle" where key = $1`, [`email:${email}`]);
    await client.query(
      `insert into "AuditLog" ("actorEmail", action, "targetType", "targetId")
       values ('(command line)', 'users.resetPassword', 'user', $1)`,
      [email],
    );
    console.log(`New password for ${email}: ${password}`);
  }
} finally {
  await client.end();
  await db.stop();
}
