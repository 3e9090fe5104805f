-- One index on (appId, lastActiveAt) instead of two: the plain one (device list, audience sample) and the
-- covering partial copy for audience counts become one covering index with status as a key column.
-- Every registration writes an entry into each index on lastActiveAt.

-- DropIndex
DROP INDEX "Device_appId_lastActiveAt_idx";

-- DropIndex
DROP INDEX "Device_active_lastActiveAt_idx";

-- CreateIndex
CREATE INDEX "Device_appId_lastActiveAt_status_platform_channel_isTest_idx" ON "Device"("appId", "lastActiveAt", "status", "platform", "channel", "isTest");
