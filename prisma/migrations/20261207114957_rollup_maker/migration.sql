-- AlterTable
ALTER TABLE "CampaignHourlyStat" DROP CONSTRAINT "CampaignHourlyStat_pkey",
ADD COLUMN     "maker" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "CampaignHourlyStat_pkey" PRIMARY KEY ("campaignId", "run", "variantKey", "platform", "channel", "maker", "hour");

-- Campaigns rolled up before this change are recomputed by the rollup loop, now split by maker
INSERT INTO "RollupDirty" ("campaignId")
SELECT DISTINCT "campaignId" FROM "CampaignHourlyStat"
ON CONFLICT ("campaignId") DO NOTHING;
