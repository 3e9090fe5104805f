-- CreateEnum
CREATE TYPE "VendorQuotaPolicy" AS ENUM ('fallback', 'suppress');

-- AlterEnum
ALTER TYPE "SuppressionReason" ADD VALUE 'vendor_quota';

-- AlterTable
ALTER TABLE "App" ADD COLUMN     "routingPolicy" JSONB,
ADD COLUMN     "vendorQuotaPolicy" "VendorQuotaPolicy" NOT NULL DEFAULT 'fallback';
