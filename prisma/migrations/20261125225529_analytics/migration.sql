-- CreateEnum
CREATE TYPE "EventType" AS ENUM ('received', 'opened', 'clicked', 'dismissed', 'app_open');

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "appOpenedAt" TIMESTAMP(3),
ADD COLUMN     "clickedAt" TIMESTAMP(3),
ADD COLUMN     "deviceLastActiveAt" TIMESTAMP(3),
ADD COLUMN     "dismissedAt" TIMESTAMP(3),
ADD COLUMN     "openedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "DeviceEvent" (
    "id" BIGSERIAL NOT NULL,
    "appId" UUID NOT NULL,
    "eventId" TEXT NOT NULL,
    "deviceId" UUID NOT NULL,
    "campaignId" UUID,
    "deliveryId" BIGINT,
    "type" "EventType" NOT NULL,
    "actionId" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeviceEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignHourlyStat" (
    "campaignId" UUID NOT NULL,
    "run" INTEGER NOT NULL,
    "variantKey" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "channel" "Channel" NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "targeted" INTEGER NOT NULL DEFAULT 0,
    "suppressed" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "received" INTEGER NOT NULL DEFAULT 0,
    "opened" INTEGER NOT NULL DEFAULT 0,
    "clicked" INTEGER NOT NULL DEFAULT 0,
    "dismissed" INTEGER NOT NULL DEFAULT 0,
    "appOpened" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CampaignHourlyStat_pkey" PRIMARY KEY ("campaignId","run","variantKey","platform","channel","hour")
);

-- CreateTable
CREATE TABLE "CampaignBreakdown" (
    "campaignId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "variantKey" TEXT NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL,

    CONSTRAINT "CampaignBreakdown_pkey" PRIMARY KEY ("campaignId","kind","key","variantKey")
);

-- CreateTable
CREATE TABLE "RollupDirty" (
    "campaignId" UUID NOT NULL,
    "since" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RollupDirty_pkey" PRIMARY KEY ("campaignId")
);

-- CreateIndex
CREATE INDEX "DeviceEvent_deviceId_occurredAt_idx" ON "DeviceEvent"("deviceId", "occurredAt");

-- CreateIndex
CREATE INDEX "DeviceEvent_campaignId_type_occurredAt_idx" ON "DeviceEvent"("campaignId", "type", "occurredAt");

-- CreateIndex
CREATE INDEX "DeviceEvent_appId_occurredAt_idx" ON "DeviceEvent"("appId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "DeviceEvent_appId_eventId_key" ON "DeviceEvent"("appId", "eventId");

-- CreateIndex
CREATE INDEX "CampaignHourlyStat_hour_idx" ON "CampaignHourlyStat"("hour");
