"use server";
// Server actions of the Devices page.
import { defineAction } from "@/server/action";
import { writeAudit } from "@/server/audit/write";
import { db } from "@/server/db";
import { NotFoundError } from "@/server/errors";
import { refreshPath } from "@/server/revalidate";
import { setTestInput } from "./schema";

// Marks (isTest: true) or unmarks up to 500 devices of one app as test devices. Ids of other apps'
// devices are never touched: the update is scoped by appId. Returns how many devices changed.
export const setDevicesTest = defineAction(
  { name: "devices.setTest", permission: "devices.markTest", input: setTestInput },
  async ({ appId, deviceIds, isTest }, { user }) => {
    const ids = [...new Set(deviceIds.map((id) => id.toLowerCase()))];
    const changed = await db.$transaction(async (tx) => {
      const app = await tx.app.findUnique({ where: { id: appId }, select: { id: true } });
      if (!app) throw new NotFoundError("App");
      const updated = await tx.device.updateManyAndReturn({
        where: { appId, id: { in: ids }, isTest: !isTest },
        data: { isTest },
        select: { id: true },
      });
      if (updated.length > 0) {
        const changedIds = updated.map((d) => d.id).sort();
        await writeAudit(tx, user, {
          action: "devices.setTest",
          targetType: "device",
          targetId: changedIds.length === 1 ? changedIds[0] : null,
          appId,
          diff: { isTest, count: changedIds.length, ids: changedIds },
        });
      }
      return updated.length;
    });
    refreshPath("/devices", "layout");
    return { changed, requested: ids.length };
  },
);
