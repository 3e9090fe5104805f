-- AlterEnum
ALTER TYPE "RolloutMetric" ADD VALUE 'goal';
