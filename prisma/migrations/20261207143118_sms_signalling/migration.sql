-- CreateEnum
CREATE TYPE "SmsStatus" AS ENUM ('queued', 'sent', 'delivered', 'undelivered', 'failed', 'suppressed');

-- AlterTable
ALTER TABLE "App" ADD COLUMN     "smsPolicy" JSONB;

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "smsMaxCostMicros" BIGINT,
ADD COLUMN     "smsMaxMessages" INTEGER;

-- CreateTable
CREATE TABLE "PhoneNumber" (
    "id" UUID NOT NULL,
    "appId" UUID NOT NULL,
    "deviceId" UUID NOT NULL,
    "numberHash" TEXT NOT NULL,
    "numberSealed" TEXT NOT NULL,
    "masked" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "consentAt" TIMESTAMP(3) NOT NULL,
    "optedOutAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PhoneNumber_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SmsMessage" (
    "id" BIGSERIAL NOT NULL,
    "campaignId" UUID NOT NULL,
    "run" INTEGER NOT NULL DEFAULT 0,
    "deviceId" UUID NOT NULL,
    "deliveryId" BIGINT,
    "phoneNumberId" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "status" "SmsStatus" NOT NULL,
    "reason" TEXT,
    "segments" INTEGER NOT NULL,
    "country" TEXT NOT NULL,
    "costMicros" BIGINT NOT NULL DEFAULT 0,
    "providerMessageId" TEXT,
    "errorCode" TEXT,
    "queuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "fetchedAt" TIMESTAMP(3),

    CONSTRAINT "SmsMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PhoneNumber_deviceId_key" ON "PhoneNumber"("deviceId");

-- CreateIndex
CREATE UNIQUE INDEX "PhoneNumber_appId_numberHash_key" ON "PhoneNumber"("appId", "numberHash");

-- CreateIndex
CREATE INDEX "SmsMessage_providerMessageId_idx" ON "SmsMessage"("providerMessageId");

-- CreateIndex
CREATE INDEX "SmsMessage_campaignId_status_idx" ON "SmsMessage"("campaignId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SmsMessage_campaignId_run_deviceId_key" ON "SmsMessage"("campaignId", "run", "deviceId");

-- AddForeignKey
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SmsMessage" ADD CONSTRAINT "SmsMessage_phoneNumberId_fkey" FOREIGN KEY ("phoneNumberId") REFERENCES "PhoneNumber"("id") ON DELETE CASCADE ON UPDATE CASCADE;
