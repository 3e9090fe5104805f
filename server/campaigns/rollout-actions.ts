"use server";
// The campaign page's "Send variant B to the rest now" (rollout.ts). The permission depends on the
// campaign's type, known once it is loaded: the wrapper checks the broad one (may view campaigns) and
// decideRolloutNow the type's, as the other campaign actions do.
import { z } from "zod";
import { defineAction } from "@/server/action";
import { refreshPath } from "@/server/revalidate";
import { decideRolloutNow } from "./rollout";

const input = z.object({ campaignId: z.uuid(), variantKey: z.string().regex(/^[A-E]$/) }).strict();

export const sendWinnerAction = defineAction(
  { name: "campaigns.sendWinner", permission: "campaigns.view", input },
  async ({ campaignId, variantKey }, { user }) => {
    const result = await decideRolloutNow(user, campaignId, variantKey);
    refreshPath(`/campaigns/${campaignId}`);
    return result;
  },
);
