"use server";
// Server actions for saved audience segments: create, edit, delete. Viewing needs campaigns.view;
// writing needs any campaign-writing permission (canManageSegments), checked inside each action
// because the wrapper takes a single permission. Each change and its audit entry share a transaction.
import { formatExpression, tryParseSegment } from "@/lib/segments";
import { defineAction } from "@/server/action";
import type { StaffUser } from "@/server/auth/session";
import { changes, createAudited, saveChanges, writeAudit } from "@/server/audit/write";
import { db, type Tx } from "@/server/db";
import { ForbiddenError, NotFoundError, uniqueAs, UserError } from "@/server/errors";
import type { Prisma } from "@/server/generated/prisma/client";
import { refreshPath } from "@/server/revalidate";
import {
  canManageSegments,
  createSegmentInput,
  deleteSegmentInput,
  SEGMENT_LOCKING_STATES,
  updateSegmentInput,
} from "./schema";

const nameTaken = () =>
  new UserError("A segment with this name already exists in this app.", { name: ["nameTaken"] }, 409);

function assertCanManage(user: StaffUser): void {
  if (!canManageSegments(user)) throw new ForbiddenError("Only people who can write campaigns can change segments.");
}

// The expression in canonical form; a parse error is a field error carrying the parser's message and position.
function canonicalExpression(expression: string): string {
  const parsed = tryParseSegment(expression);
  if (!parsed.ok)
    throw new UserError("The audience expression does not parse.", { expression: [parsed.error.message] }, 400);
  return formatExpression(parsed.ast);
}

// Names are unique per app regardless of case ("VIP" and "vip" would be confused in the campaign composer).
async function assertNameFree(tx: Tx, appId: string, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.segment.findFirst({
    where: { appId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw nameTaken();
}

async function assertAppExists(tx: Tx, appId: string): Promise<void> {
  if (!(await tx.app.findUnique({ where: { id: appId }, select: { id: true } }))) throw new NotFoundError("App");
}

// Saves a new segment of an app with its expression in canonical form.
export const createSegment = defineAction(
  { name: "segments.create", permission: "campaigns.view", input: createSegmentInput },
  async (input, { user }) => {
    assertCanManage(user);
    const data = {
      appId: input.appId,
      name: input.name,
      description: input.description,
      expression: canonicalExpression(input.expression),
    };
    const segment = await db
      .$transaction(async (tx) => {
        await assertAppExists(tx, data.appId);
        await assertNameFree(tx, data.appId, data.name);
        const { name, description, expression } = data;
        const create = () => tx.segment.create({ data: { ...data, createdById: user.id }, select: { id: true } });
        return createAudited(tx, user, create, {
          action: "segments.create",
          targetType: "Segment",
          appId: data.appId,
          diff: changes({} as Record<string, unknown>, {
            name,
            description: description ?? undefined,
            expression,
          }) as Prisma.InputJsonValue,
        });
      })
      .catch(uniqueAs(nameTaken));
    refreshPath("/segments");
    return { segmentId: segment.id, expression: data.expression };
  },
);

// Saves changes to a segment's name, description or expression (campaigns not yet sent use the new one).
export const updateSegment = defineAction(
  { name: "segments.update", permission: "campaigns.view", input: updateSegmentInput },
  async (input, { user }) => {
    assertCanManage(user);
    const data = {
      name: input.name,
      description: input.description,
      expression: canonicalExpression(input.expression),
    };
    await db
      .$transaction(async (tx) => {
        const before = await tx.segment.findFirst({
          where: { id: input.segmentId, appId: input.appId },
          select: { name: true, description: true, expression: true },
        });
        if (!before) throw new NotFoundError("Segment");
        await assertNameFree(tx, input.appId, data.name, input.segmentId);
        const save = () => tx.segment.update({ where: { id: input.segmentId }, data });
        await saveChanges(
          tx,
          user,
          { before, after: data, save },
          {
            action: "segments.update",
            targetType: "Segment",
            targetId: input.segmentId,
            appId: input.appId,
          },
        );
      })
      .catch(uniqueAs(nameTaken));
    refreshPath("/segments");
    return { segmentId: input.segmentId, expression: data.expression };
  },
);

// Deletes a segment unless a campaign that has not finished still targets it.
export const deleteSegment = defineAction(
  { name: "segments.delete", permission: "campaigns.view", input: deleteSegmentInput },
  async ({ appId, segmentId }, { user }) => {
    assertCanManage(user);
    await db.$transaction(async (tx) => {
      // Locks the row so a campaign cannot start using it between the check and the delete.
      const locked = await tx.$queryRaw<
        { name: string; expression: string }[]
      >`select "name", "expression" from "Segment"
         where "id" = ${segmentId}::uuid and "appId" = ${appId}::uuid for update`;
      const before = locked[0];
      if (!before) throw new NotFoundError("Segment");
      const inUse = await tx.campaign.count({
        where: { appId, segmentId, state: { in: [...SEGMENT_LOCKING_STATES] } },
      });
      if (inUse > 0) {
        const campaigns = inUse === 1 ? "1 campaign" : `${inUse} campaigns`;
        throw new UserError(
          `This segment is used by ${campaigns} that ${inUse === 1 ? "has" : "have"} not finished ` +
            "(draft, waiting for approval, scheduled, sending or paused). " +
            "Change their audience or let them finish first.",
          { form: [`inUse:${inUse}`] },
          409,
        );
      }
      await tx.segment.delete({ where: { id: segmentId } });
      await writeAudit(tx, user, {
        action: "segments.delete",
        targetType: "Segment",
        targetId: segmentId,
        appId,
        diff: { name: [before.name, null], expression: [before.expression, null] },
      });
    });
    refreshPath("/segments");
    return { segmentId };
  },
);
