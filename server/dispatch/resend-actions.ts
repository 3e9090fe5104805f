"use server";
// The campaign page's "Resend to failed" (resend-failed.ts). Which permission applies depends on the
// campaign's type, known once it is loaded, so the wrapper checks the broad one (may view campaigns)
// and resendToFailed checks the type's, as the other campaign actions do.
import { z } from "zod";
import { defineAction } from "@/server/action";
import { refreshPath } from "@/server/revalidate";
import { resendToFailed } from "./resend-failed";

const input = z.object({ campaignId: z.uuid() }).strict();

export const resendFailedAction = defineAction(
  { name: "campaigns.resendFailed", permission: "campaigns.view", input },
  async ({ campaignId }, { user }) => {
    const result = await resendToFailed(user, campaignId);
    refreshPath(`/campaigns/${campaignId}`);
    refreshPath("/campaigns");
    return result;
  },
);
