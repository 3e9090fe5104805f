// A campaign as the composer sends it to createCampaignAction / updateCampaignAction, and as a stored
// campaign or a template is loaded back into the composer.
import type { z } from "zod";
import type { Schedule } from "@/lib/schedule";
import type { campaignContentInput } from "./input";

export interface ComposerValues {
  campaign: z.input<typeof campaignContentInput>;
  schedule: Schedule;
}
