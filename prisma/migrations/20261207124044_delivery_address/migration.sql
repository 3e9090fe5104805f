-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "address" TEXT;
