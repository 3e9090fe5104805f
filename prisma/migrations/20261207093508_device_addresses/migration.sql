-- CreateEnum
CREATE TYPE "Maker" AS ENUM ('huawei', 'honor', 'xiaomi', 'oppo', 'vivo', 'other');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "Channel" ADD VALUE 'honor';
ALTER TYPE "Channel" ADD VALUE 'oppo';
ALTER TYPE "Channel" ADD VALUE 'vivo';

-- DropIndex
DROP INDEX "Device_appId_lastActiveAt_status_platform_channel_isTest_idx";

-- DropIndex
DROP INDEX "Device_appId_status_channel_platform_isTest_idx";

-- DropIndex
DROP INDEX "Device_active_appVersionKey_idx";

-- AlterTable: the one address of a device (channel, token) becomes the first entry of its address list.
ALTER TABLE "Device" ADD COLUMN     "addresses" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "brand" TEXT,
ADD COLUMN     "channelMask" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "maker" "Maker";

-- Data: the address is active unless the device was invalid or a push channel lacks its token, and the
-- mask bit is the position of the channel in lib/channels/devices.ts channelBit (the order of the enum here).
UPDATE "Device" d SET "addresses" = jsonb_build_array(jsonb_build_object(
         'channel', d."channel"::text, 'token', d."token", 'status', CASE WHEN a.active THEN 'active' ELSE 'invalid' END)),
       "channelMask" = CASE WHEN a.active
         THEN 1 << (array_position(ARRAY['fcm', 'apns', 'webpush', 'hms', 'xiaomi', 'jpush', 'mqtt', 'poll', 'sms',
                                         'xmpp'], d."channel"::text) - 1)
         ELSE 0 END
  FROM (SELECT "id", "status" <> 'invalid' AND ("token" IS NOT NULL OR "channel" IN ('mqtt', 'poll', 'sms', 'xmpp'))
                 AS active FROM "Device") a
 WHERE a."id" = d."id";

ALTER TABLE "Device" DROP COLUMN "channel",
DROP COLUMN "token";

-- CreateIndex
CREATE INDEX "Device_appId_lastActiveAt_status_platform_channelMask_isTes_idx" ON "Device"("appId", "lastActiveAt", "status", "platform", "channelMask", "isTest");

-- CreateIndex
CREATE INDEX "Device_appId_status_channelMask_platform_isTest_idx" ON "Device"("appId", "status", "channelMask", "platform", "isTest");

-- CreateIndex
CREATE INDEX "Device_active_appVersionKey_idx" ON "Device"("appId", "appVersionKey", "platform", "channelMask") WHERE (status = 'active');
