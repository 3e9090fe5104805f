"use server";
// Server actions for campaign templates and duplicates. Which permission applies depends on the
// campaign's (or template's) type, known only once it is loaded, so the wrapper checks the broad
// one (may view campaigns) and server/campaigns/templates.ts checks the type's permission.
import { z } from "zod";
import { defineAction } from "@/server/action";
import { refreshPath } from "@/server/revalidate";
import { deleteTemplate, duplicateCampaign, saveCampaignAsTemplate, templateNameMax } from "./templates";

const saveInput = z
  .object({ campaignId: z.uuid(), name: z.string().trim().min(1, "nameRequired").max(templateNameMax, "nameTooLong") })
  .strict();

// Refreshes the campaigns list after a change and passes the change's result on.
function campaignsChanged<T>(result: T): T {
  refreshPath("/campaigns");
  return result;
}

// Saves a campaign as a named template of its app.
export const saveCampaignAsTemplateAction = defineAction(
  { name: "campaignTemplates.create", permission: "campaigns.view", input: saveInput },
  async ({ campaignId, name }, { user }) => {
    return campaignsChanged(await saveCampaignAsTemplate(user, campaignId, name));
  },
);

const deleteInput = z.object({ templateId: z.uuid() }).strict();

// Deletes a template.
export const deleteTemplateAction = defineAction(
  { name: "campaignTemplates.delete", permission: "campaigns.view", input: deleteInput },
  async ({ templateId }, { user }) => {
    return campaignsChanged(await deleteTemplate(user, templateId));
  },
);

const duplicateInput = z.object({ campaignId: z.uuid(), idempotencyKey: z.uuid() }).strict();

// Copies a campaign into a new draft ("<name> (copy)"); one copy per idempotency key.
export const duplicateCampaignAction = defineAction(
  { name: "campaigns.duplicate", permission: "campaigns.view", input: duplicateInput },
  async ({ campaignId, idempotencyKey }, { user }) => {
    return campaignsChanged(await duplicateCampaign(user, campaignId, idempotencyKey));
  },
);
