-- DropIndex
DROP INDEX "DeviceEvent_campaignId_type_occurredAt_idx";

-- DropIndex
DROP INDEX "DeviceEvent_appId_occurredAt_idx";
