-- AlterTable
ALTER TABLE "ProviderCredential" ADD COLUMN     "lastSucceededAt" TIMESTAMP(3);
