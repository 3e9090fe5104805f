-- CreateEnum
CREATE TYPE "CampaignType" AS ENUM ('news', 'announcement', 'promotion');

-- CreateEnum
CREATE TYPE "CampaignState" AS ENUM ('draft', 'pending_approval', 'scheduled', 'sending', 'paused', 'completed', 'cancelled', 'failed');

-- CreateEnum
CREATE TYPE "Priority" AS ENUM ('high', 'normal');

-- AlterTable
ALTER TABLE "App" ADD COLUMN     "approvalThreshold" INTEGER NOT NULL DEFAULT 10000,
ADD COLUMN     "promoCapPerDay" INTEGER,
ADD COLUMN     "promoCapPerWeek" INTEGER;

-- CreateTable
CREATE TABLE "Segment" (
    "id" UUID NOT NULL,
    "appId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "expression" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" UUID NOT NULL,
    "appId" UUID NOT NULL,
    "type" "CampaignType" NOT NULL,
    "name" TEXT NOT NULL,
    "state" "CampaignState" NOT NULL DEFAULT 'draft',
    "breaking" BOOLEAN NOT NULL DEFAULT false,
    "segmentId" UUID,
    "expression" TEXT,
    "testDevicesOnly" BOOLEAN NOT NULL DEFAULT false,
    "holdoutPercent" INTEGER NOT NULL DEFAULT 0,
    "priority" "Priority" NOT NULL DEFAULT 'normal',
    "ttlSeconds" INTEGER,
    "collapseKey" TEXT,
    "sound" TEXT,
    "badge" INTEGER,
    "channels" "Channel"[] DEFAULT ARRAY[]::"Channel"[],
    "schedule" JSONB NOT NULL,
    "throttlePerMinute" INTEGER,
    "audienceEstimate" INTEGER,
    "firstWaveAt" TIMESTAMP(3),
    "createdById" UUID,
    "submittedById" UUID,
    "submittedAt" TIMESTAMP(3),
    "approvedById" UUID,
    "approvedAt" TIMESTAMP(3),
    "rejectionReason" TEXT,
    "pausedReason" TEXT,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "idempotencyKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignVariant" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "splitPercent" INTEGER NOT NULL,
    "fallbackLocale" TEXT NOT NULL,
    "content" JSONB NOT NULL,

    CONSTRAINT "CampaignVariant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignTemplate" (
    "id" UUID NOT NULL,
    "appId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "type" "CampaignType" NOT NULL,
    "payload" JSONB NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Segment_appId_name_key" ON "Segment"("appId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_idempotencyKey_key" ON "Campaign"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Campaign_appId_state_createdAt_idx" ON "Campaign"("appId", "state", "createdAt");

-- CreateIndex
CREATE INDEX "Campaign_state_firstWaveAt_idx" ON "Campaign"("state", "firstWaveAt");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignVariant_campaignId_key_key" ON "CampaignVariant"("campaignId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignTemplate_appId_name_key" ON "CampaignTemplate"("appId", "name");

-- AddForeignKey
ALTER TABLE "Segment" ADD CONSTRAINT "Segment_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignVariant" ADD CONSTRAINT "CampaignVariant_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignTemplate" ADD CONSTRAINT "CampaignTemplate_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
