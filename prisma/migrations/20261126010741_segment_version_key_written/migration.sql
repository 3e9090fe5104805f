-- Device.appVersionKey becomes a plain column that the writers of appVersion fill (the registration
-- upsert computes it in TypeScript, lib/segments/ast.ts versionKey): as a generated column its
-- expression cost about 20% of PostgreSQL's CPU per registration (measured A/B, 8 connections on
-- 1,000,000 devices). The keys the previous migration computed for every row stay.

-- AlterTable
ALTER TABLE "Device" ALTER COLUMN "appVersionKey" DROP EXPRESSION;
