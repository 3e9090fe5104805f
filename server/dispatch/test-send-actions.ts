"use server";
// The composer's "Send test" (test-send.ts) and the list of test devices it offers. Who may send a test
// depends on the campaign's type (whoever may write that type: the type's permission), checked once the
// input is read; listing the app's test devices needs the right to mark test devices.
import { z } from "zod";
import { parseAddresses } from "@/lib/devices/addresses";
import { typePermission } from "@/lib/campaigns/state";
import { defineAction } from "@/server/action";
import { db } from "@/server/db";
import { sendTest, testSendInput, tokenChannels } from "./test-send";

export const sendTestAction = defineAction(
  { name: "campaigns.testSend", permission: (input) => typePermission(input.type), input: testSendInput },
  async (input, { user }) => sendTest(user, input),
);

const devicesInput = z.object({ appId: z.uuid("appInvalid") }).strict();

// The app's test devices (most recently active first) with the channels they can be reached on, and the
// channels a pasted token may go through.
export const testTargetsAction = defineAction(
  { name: "campaigns.testTargets", permission: "devices.markTest", input: devicesInput },
  async ({ appId }) => {
    const credentials = await db.providerCredential.findMany({ where: { appId }, select: { channel: true } });
    const channels = tokenChannels(new Set(credentials.map((c) => c.channel as string)));
    const devices = await db.device.findMany({
      where: { appId, isTest: true },
      orderBy: { lastActiveAt: "desc" },
      take: 100,
      select: { id: true, installationId: true, platform: true, brand: true, status: true, addresses: true },
    });
    return {
      channels,
      devices: devices.map(({ addresses, ...device }) => ({
        ...device,
        channels: parseAddresses(addresses)
          .filter((a) => a.status === "active")
          .map((a) => a.channel),
      })),
    };
  },
);
