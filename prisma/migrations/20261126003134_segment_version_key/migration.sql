-- Device.appVersionKey as bytes instead of numeric[] (hand-written: Prisma does not diff Unsupported
-- types, and cannot declare a generated column). The same order (lib/segments/ast.ts versionKey) in
-- about 8 bytes instead of 43 per device, and an index PostgreSQL can deduplicate and compare with
-- memcmp: 7 MB instead of 83 MB on 1,000,000 devices, cheaper to write on every registration.
-- The expression: the leading dotted digits without trailing ".0" parts (as before), then without
-- leading zeros in a part, digits as letters a-j, and before each part "#" after one "~" per digit
-- beyond the first ("5.10" -> "#f.~#ba"). Adding the column rewrites the table and fills every row.

-- DropIndex
DROP INDEX "Device_active_appVersionKey_idx";

-- AlterTable
ALTER TABLE "Device" DROP COLUMN "appVersionKey";

-- AlterTable
ALTER TABLE "Device" ADD COLUMN "appVersionKey" bytea GENERATED ALWAYS AS (decode(regexp_replace(regexp_replace(translate(regexp_replace(regexp_replace(substring("appVersion" FROM '^[0-9]+(?:\.[0-9]+)*'), '(\.0+)+$', ''), '(^|\.)0+(?=[0-9])', '\1', 'g'), '0123456789', 'abcdefghij'), '([a-j])([a-j]*)', '\2#\1\2', 'g'), '[a-j](?=[a-j]*#)', '~', 'g'), 'escape')) STORED;

-- CreateIndex
CREATE INDEX "Device_active_appVersionKey_idx" ON "Device"("appId", "appVersionKey", "platform", "channel") WHERE (status = 'active');
