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

// Saves a campaign as a named template of its app.
export const saveCampaignAsTemplateAction = defineAction(
  { name: "campaignTemplates.create", permission: "campaigns.view", input: saveInput },
  async ({ campaignId, name }, { user }) => {
    const result = await saveCampaignAsTemplate(user, campaignId, name);
    refreshPath("/campaigns");
    return result;
  },
);

const deleteInput = z.object({ templateId: z.uuid() }).strict();

// Deletes a template.
export const deleteTemplateAction = defineAction(
  { name: "campaignTemplates.delete", permission: "campaigns.view", input: deleteInput },
  async ({ templateId }, { user }) => {
    const result = await deleteTemplate(user, templateId);
    refreshPath("/campaigns");
    return result;
  },
);

const duplicateInput = z.object({ campaignId: z.uuid(), idempotencyKey: z.uuid() }).strict();

// Copies a campaign into a new draft ("<name> (copy)"); one copy per idempotency key.
export const duplicateCampaignAction = defineAction(
  { name: "campaigns.duplicate", permission: "campaigns.view", input: duplicateInput },
  async ({ campaignId, idempotencyKey }, { user }) => {
    const result = await duplicateCampaign(user, campaignId, idempotencyKey);
    refreshPath("/campaigns");
    return result;
  },
);
