-- CreateEnum
CREATE TYPE "RolloutMetric" AS ENUM ('opened', 'clicked');

-- CreateEnum
CREATE TYPE "RolloutFallback" AS ENUM ('leader', 'first_variant', 'wait');

-- CreateEnum
CREATE TYPE "RolloutDecision" AS ENUM ('significant', 'leader', 'first_variant', 'manual');

-- CreateEnum
CREATE TYPE "WavePhase" AS ENUM ('test', 'winner');

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "rolloutDecideAt" TIMESTAMP(3),
ADD COLUMN     "rolloutDecidedAt" TIMESTAMP(3),
ADD COLUMN     "rolloutDecidedById" UUID,
ADD COLUMN     "rolloutDecision" "RolloutDecision",
ADD COLUMN     "rolloutFallback" "RolloutFallback",
ADD COLUMN     "rolloutMetric" "RolloutMetric",
ADD COLUMN     "rolloutTestPercent" INTEGER,
ADD COLUMN     "rolloutWaitMinutes" INTEGER,
ADD COLUMN     "rolloutWinnerKey" TEXT;

-- AlterTable
ALTER TABLE "CampaignWave" ADD COLUMN     "phase" "WavePhase";
