-- DropForeignKey
ALTER TABLE "Delivery" DROP CONSTRAINT "Delivery_campaignId_fkey";

-- DropForeignKey
ALTER TABLE "Delivery" DROP CONSTRAINT "Delivery_waveId_fkey";

-- DropForeignKey
ALTER TABLE "Delivery" DROP CONSTRAINT "Delivery_deviceId_fkey";

-- DropForeignKey
ALTER TABLE "Delivery" DROP CONSTRAINT "Delivery_batchId_fkey";

-- DropForeignKey
ALTER TABLE "InboxMessage" DROP CONSTRAINT "InboxMessage_deviceId_fkey";
