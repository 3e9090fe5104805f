-- CreateTable
CREATE TABLE "TestSend" (
    "id" UUID NOT NULL,
    "appId" UUID NOT NULL,
    "campaignId" UUID,
    "deviceId" UUID,
    "userId" UUID NOT NULL,
    "userName" TEXT NOT NULL,
    "channel" "Channel",
    "address" TEXT,
    "variantKey" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "errorCode" TEXT,
    "providerMessageId" TEXT,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TestSend_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TestSend_deviceId_sentAt_idx" ON "TestSend"("deviceId", "sentAt");

-- CreateIndex
CREATE INDEX "TestSend_appId_sentAt_idx" ON "TestSend"("appId", "sentAt");
