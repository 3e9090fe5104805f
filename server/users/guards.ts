// Rules that keep Herald administrable: nobody locks themselves out, and one enabled admin remains.
import "server-only";
import type { Tx } from "@/server/db";
import { UserError } from "@/server/errors";

interface Change {
  targetId: string;
  actorId: string;
  demotes: boolean;
  disables: boolean;
}

// Throws when a change would disable or demote the acting admin or the last enabled admin.
// Locks the enabled admin rows so two concurrent demotions cannot both pass the count.
export async function assertAdminsRemain(
  tx: Tx,
  change: Change,
  target: { role: string; disabled: boolean },
): Promise<void> {
  if (!change.demotes && !change.disables) return;
  if (change.targetId === change.actorId) {
    throw new UserError(
      change.disables ? "You cannot disable your own account." : "You cannot change your own role.",
      { form: [change.disables ? "selfDisable" : "selfDemote"] },
      409,
    );
  }
  if (target.role !== "admin" || target.disabled) return;
  const admins = await tx.$queryRaw<
    { id: string }[]
  >`select id from "User" where role = 'admin' and not disabled for update`;
  if (admins.length <= 1) throw new UserError("Herald needs at least one enabled admin.", { form: ["lastAdmin"] }, 409);
}
