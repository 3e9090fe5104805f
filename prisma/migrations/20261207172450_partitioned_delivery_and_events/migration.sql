-- Delivery and DeviceEvent become tables partitioned by month (PostgreSQL range partitioning), keeping
-- their rows. Prisma cannot declare partitioned tables, so this migration is written by hand: the
-- columns, keys and indexes are exactly what schema.prisma describes (tests/integration/migrations.test.ts
-- compares them). Each table gets only its default partition here, which takes every row whose month
-- has no partition yet, so no insert ever fails: the monthly partitions are made by the worker's
-- housekeeping (server/partitions/partitions.ts), which moves a month's rows out of the default
-- partition into its own when it creates it (existing rows too, on its first pass). Prisma's engine
-- splits a migration at semicolons, so the loops that would make them here cannot be written in it.

-- Delivery: partition key "runDate", the UTC day the run's first wave was due (the same on every row
-- of one run). Existing rows take it from their run's waves, or their run's first queuedAt.
ALTER SEQUENCE "Delivery_id_seq" OWNED BY NONE;
ALTER TABLE "Delivery" RENAME TO "Delivery_unpartitioned";
ALTER TABLE "Delivery_unpartitioned" DROP CONSTRAINT "Delivery_pkey";
DROP INDEX "Delivery_campaignId_run_deviceId_key";
DROP INDEX "Delivery_batchId_idx";
DROP INDEX "Delivery_deviceId_queuedAt_idx";
DROP INDEX "Delivery_campaignId_status_idx";

CREATE TABLE "Delivery" (
    LIKE "Delivery_unpartitioned" INCLUDING DEFAULTS,
    "runDate" DATE NOT NULL DEFAULT CURRENT_TIMESTAMP
) PARTITION BY RANGE ("runDate");

CREATE TABLE "Delivery_default" PARTITION OF "Delivery" DEFAULT;

INSERT INTO "Delivery"
SELECT d.*, r."runDate"
  FROM "Delivery_unpartitioned" d
  JOIN (SELECT u."campaignId", u.run,
               coalesce((SELECT min(w."dueAt") FROM "CampaignWave" w
                          WHERE w."campaignId" = u."campaignId" AND w.run = u.run), min(u."queuedAt"))::date AS "runDate"
          FROM "Delivery_unpartitioned" u GROUP BY u."campaignId", u.run) r
    ON r."campaignId" = d."campaignId" AND r.run = d.run;
DROP TABLE "Delivery_unpartitioned";
ALTER SEQUENCE "Delivery_id_seq" OWNED BY "Delivery"."id";

ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id", "runDate");
CREATE UNIQUE INDEX "Delivery_campaignId_run_deviceId_runDate_key" ON "Delivery"("campaignId", "run", "deviceId", "runDate");
CREATE INDEX "Delivery_batchId_idx" ON "Delivery"("batchId");
CREATE INDEX "Delivery_deviceId_queuedAt_idx" ON "Delivery"("deviceId", "queuedAt");
CREATE INDEX "Delivery_campaignId_status_idx" ON "Delivery"("campaignId", "status");

-- DeviceEvent: partition key "occurredAt" (the events API takes events at most 7 days old and 5 minutes ahead).
ALTER SEQUENCE "DeviceEvent_id_seq" OWNED BY NONE;
ALTER TABLE "DeviceEvent" RENAME TO "DeviceEvent_unpartitioned";
ALTER TABLE "DeviceEvent_unpartitioned" DROP CONSTRAINT "DeviceEvent_pkey";
DROP INDEX "DeviceEvent_appId_eventId_key";
DROP INDEX "DeviceEvent_deviceId_occurredAt_idx";

CREATE TABLE "DeviceEvent" (
    LIKE "DeviceEvent_unpartitioned" INCLUDING DEFAULTS
) PARTITION BY RANGE ("occurredAt");

CREATE TABLE "DeviceEvent_default" PARTITION OF "DeviceEvent" DEFAULT;

INSERT INTO "DeviceEvent" SELECT * FROM "DeviceEvent_unpartitioned";
DROP TABLE "DeviceEvent_unpartitioned";
ALTER SEQUENCE "DeviceEvent_id_seq" OWNED BY "DeviceEvent"."id";

ALTER TABLE "DeviceEvent" ADD CONSTRAINT "DeviceEvent_pkey" PRIMARY KEY ("id", "occurredAt");
CREATE UNIQUE INDEX "DeviceEvent_appId_eventId_occurredAt_key" ON "DeviceEvent"("appId", "eventId", "occurredAt");
CREATE INDEX "DeviceEvent_deviceId_occurredAt_idx" ON "DeviceEvent"("deviceId", "occurredAt");

-- CreateTable
CREATE TABLE "RetiredRun" (
    "campaignId" UUID NOT NULL,
    "run" INTEGER NOT NULL,
    "runDate" DATE NOT NULL,
    "retiredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RetiredRun_pkey" PRIMARY KEY ("campaignId","run")
);

-- CreateTable
CREATE TABLE "RetiredBreakdown" (
    "campaignId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "variantKey" TEXT NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL,

    CONSTRAINT "RetiredBreakdown_pkey" PRIMARY KEY ("campaignId","kind","key","variantKey")
);

-- CreateTable
CREATE TABLE "RetentionCut" (
    "table" TEXT NOT NULL,
    "before" DATE NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RetentionCut_pkey" PRIMARY KEY ("table")
);
