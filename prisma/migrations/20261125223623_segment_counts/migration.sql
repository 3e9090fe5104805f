-- Audience counts (issue "[2/4] Campaigns", benchmark bench:segments): a stored sortable form of
-- appVersion and covering partial indexes, so that counts of sendable devices read indexes, not rows.

-- AlterTable (hand-edited: Prisma cannot declare a generated column). The database computes the key
-- for every writer and for the existing rows. It is the expression server/segments/compile.ts used to
-- evaluate per row: the leading dotted digits ("5.2-beta" is 5.2) without trailing ".0" parts, as
-- numeric[], which orders like lib/segments/ast.ts compareVersionParts. NULL when there is no number.
ALTER TABLE "Device" ADD COLUMN "appVersionKey" numeric[] GENERATED ALWAYS AS (string_to_array(regexp_replace(substring("appVersion" FROM '^[0-9]+(?:\.[0-9]+)*'), '(\.0+)+$', ''), '.')::numeric[]) STORED;

-- DropIndex
DROP INDEX "Device_appId_status_channel_idx";

-- CreateIndex
CREATE INDEX "Device_appId_status_channel_platform_isTest_idx" ON "Device"("appId", "status", "channel", "platform", "isTest");

-- CreateIndex
CREATE INDEX "Device_active_lastActiveAt_idx" ON "Device"("appId", "lastActiveAt", "platform", "channel", "isTest") WHERE (status = 'active');

-- CreateIndex
CREATE INDEX "Device_active_appVersionKey_idx" ON "Device"("appId", "appVersionKey", "platform", "channel") WHERE (status = 'active');
