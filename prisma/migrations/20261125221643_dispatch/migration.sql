-- CreateEnum
CREATE TYPE "WaveState" AS ENUM ('pending', 'fanning_out', 'queued', 'done', 'cancelled');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('queued', 'sent', 'delivered', 'failed', 'suppressed');

-- CreateEnum
CREATE TYPE "SuppressionReason" AS ENUM ('holdout', 'cap', 'quiet_hours', 'invalid', 'no_channel', 'cancelled', 'expired');

-- CreateEnum
CREATE TYPE "BatchState" AS ENUM ('pending', 'claimed', 'done');

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "currentRun" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "deliveredCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "failedCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "queuedCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "sentCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "suppressedCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "targetedCount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "CampaignWave" (
    "id" BIGSERIAL NOT NULL,
    "campaignId" UUID NOT NULL,
    "run" INTEGER NOT NULL DEFAULT 0,
    "index" INTEGER NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "timeZones" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "catchAll" BOOLEAN NOT NULL DEFAULT false,
    "state" "WaveState" NOT NULL DEFAULT 'pending',
    "cursor" UUID,
    "leaseUntil" TIMESTAMP(3),
    "leasedBy" TEXT,
    "targeted" INTEGER NOT NULL DEFAULT 0,
    "suppressed" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3),
    "fannedOutAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CampaignWave_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" BIGSERIAL NOT NULL,
    "campaignId" UUID NOT NULL,
    "run" INTEGER NOT NULL DEFAULT 0,
    "waveId" BIGINT NOT NULL,
    "deviceId" UUID NOT NULL,
    "variantKey" TEXT,
    "locale" TEXT,
    "channel" "Channel" NOT NULL,
    "status" "DeliveryStatus" NOT NULL,
    "reason" "SuppressionReason",
    "batchId" BIGINT,
    "providerMessageId" TEXT,
    "errorCode" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "queuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DispatchBatch" (
    "id" BIGSERIAL NOT NULL,
    "campaignId" UUID NOT NULL,
    "waveId" BIGINT NOT NULL,
    "channel" "Channel" NOT NULL,
    "size" INTEGER NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 2,
    "state" "BatchState" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "notBefore" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMP(3),
    "leasedBy" TEXT,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "DispatchBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboxMessage" (
    "id" BIGSERIAL NOT NULL,
    "appId" UUID NOT NULL,
    "deviceId" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "deliveryId" BIGINT,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),

    CONSTRAINT "InboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateBucket" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "capacity" DOUBLE PRECISION NOT NULL,
    "refillPerSec" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RateBucket_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "CampaignWave_state_dueAt_idx" ON "CampaignWave"("state", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignWave_campaignId_run_index_key" ON "CampaignWave"("campaignId", "run", "index");

-- CreateIndex
CREATE INDEX "Delivery_batchId_idx" ON "Delivery"("batchId");

-- CreateIndex
CREATE INDEX "Delivery_deviceId_queuedAt_idx" ON "Delivery"("deviceId", "queuedAt");

-- CreateIndex
CREATE INDEX "Delivery_campaignId_status_idx" ON "Delivery"("campaignId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_campaignId_run_deviceId_key" ON "Delivery"("campaignId", "run", "deviceId");

-- CreateIndex
CREATE INDEX "DispatchBatch_state_priority_notBefore_id_idx" ON "DispatchBatch"("state", "priority", "notBefore", "id");

-- CreateIndex
CREATE INDEX "DispatchBatch_campaignId_state_idx" ON "DispatchBatch"("campaignId", "state");

-- CreateIndex
CREATE INDEX "InboxMessage_deviceId_id_idx" ON "InboxMessage"("deviceId", "id");

-- CreateIndex
CREATE INDEX "InboxMessage_expiresAt_idx" ON "InboxMessage"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "InboxMessage_deliveryId_key" ON "InboxMessage"("deliveryId");

-- AddForeignKey
ALTER TABLE "CampaignWave" ADD CONSTRAINT "CampaignWave_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_waveId_fkey" FOREIGN KEY ("waveId") REFERENCES "CampaignWave"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "DispatchBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DispatchBatch" ADD CONSTRAINT "DispatchBatch_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DispatchBatch" ADD CONSTRAINT "DispatchBatch_waveId_fkey" FOREIGN KEY ("waveId") REFERENCES "CampaignWave"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboxMessage" ADD CONSTRAINT "InboxMessage_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;
