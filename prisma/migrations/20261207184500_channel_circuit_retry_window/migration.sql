-- CreateEnum
CREATE TYPE "CircuitState" AS ENUM ('closed', 'open', 'half_open');

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "recentAt" TIMESTAMP(3),
ADD COLUMN     "recentFailed" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "recentSent" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "resentAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "failedTransiently" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "firstAttemptAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ChannelCircuit" (
    "appId" UUID NOT NULL,
    "channel" "Channel" NOT NULL,
    "state" "CircuitState" NOT NULL DEFAULT 'closed',
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "recentOk" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "recentFailed" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "recentAt" TIMESTAMP(3),
    "openedAt" TIMESTAMP(3),
    "holdUntil" TIMESTAMP(3),
    "reopens" INTEGER NOT NULL DEFAULT 0,
    "probeBatchId" BIGINT,
    "lastError" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChannelCircuit_pkey" PRIMARY KEY ("appId","channel")
);

-- AddForeignKey
ALTER TABLE "ChannelCircuit" ADD CONSTRAINT "ChannelCircuit_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
