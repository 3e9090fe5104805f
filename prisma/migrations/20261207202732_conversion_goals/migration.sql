-- AlterEnum
ALTER TYPE "EventType" ADD VALUE 'custom';

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "goalEvent" TEXT,
ADD COLUMN     "goalWindowSeconds" INTEGER;

-- AlterTable
ALTER TABLE "DeviceEvent" ADD COLUMN     "currency" TEXT,
ADD COLUMN     "name" TEXT,
ADD COLUMN     "value" DOUBLE PRECISION;
