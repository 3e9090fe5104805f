-- CreateIndex
CREATE INDEX "Device_addresses_idx" ON "Device" USING GIN ("addresses" jsonb_path_ops);
