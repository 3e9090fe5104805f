// The device API's handlers, one per method and path. server/device-api/routes.ts maps paths to them.
import "server-only";
import { parseEventBatch } from "@/server/analytics/events-schema";
import { recordEvents } from "@/server/analytics/record-events";
import { registerDevice } from "@/server/devices/register";
import { appMqttBroker } from "@/server/apps/mqtt-broker";
import { ensureVapidKeys } from "@/server/apps/vapid-keys";
import { NotFoundError } from "@/server/errors";
import { readInbox } from "@/server/inbox/read-inbox";
import { parseInboxQuery } from "@/server/inbox/schema";
import { countEvents } from "@/server/ops/metrics";
import { deviceBroker, mqttAccess } from "@/server/mqtt/device-access";
import { apiRoute, jsonResponse, publicApiRoute } from "./api-route";
import { patchTagsSchema, phoneNumberSchema, registerDeviceSchema } from "./device-schema";
import {
  getPublicDevice,
  parseChannel,
  parseInstallationId,
  patchDeviceTags,
  removeDeviceAddress,
  removeDevicePhoneNumber,
  setPhoneNumber,
  unsubscribeDevice,
} from "./devices";
import { openApiDocument } from "./openapi";
import { invalidBody } from "./problem";
import { maxEventBatchBytes, readJsonBody } from "./read-json";

type DeviceParams = { installationId: string };

// The device's MQTT access on its app's broker (its own, or Herald's default one).
async function mqttBlock(appId: string, installationId: string) {
  return { mqtt: mqttAccess(deviceBroker(await appMqttBroker(appId)), appId, installationId) };
}

// POST /api/v1/devices: register or update a device by its installationId (201 created, 200 updated).
// A device with an mqtt address also gets its MQTT access.
export const registerDeviceHandler = apiRoute(async ({ request, app }) => {
  const parsed = registerDeviceSchema.safeParse(await readJsonBody(request));
  if (!parsed.success) throw invalidBody(parsed.error);
  const { hasMqtt, ...result } = await registerDevice(app.id, parsed.data);
  const answer = hasMqtt ? { ...result, ...(await mqttBlock(app.id, result.installationId)) } : result;
  return jsonResponse(answer, result.created ? 201 : 200);
});

// GET /api/v1/devices/{installationId}: the device's public state (with its MQTT access, as registration answers).
export const readDeviceHandler = apiRoute<DeviceParams>(async ({ app, params }) => {
  const device = await getPublicDevice(app.id, parseInstallationId(params.installationId));
  const hasMqtt = device.addresses.some((address) => address.channel === "mqtt");
  return jsonResponse(hasMqtt ? { ...device, ...(await mqttBlock(app.id, device.installationId)) } : device);
});

// DELETE /api/v1/devices/{installationId}: unsubscribe (204, idempotent).
export const unsubscribeDeviceHandler = apiRoute<DeviceParams>(async ({ app, params }) => {
  await unsubscribeDevice(app.id, parseInstallationId(params.installationId));
  return new Response(null, { status: 204 });
});

// DELETE /api/v1/devices/{installationId}/addresses/{channel}: remove one address (204, idempotent).
export const removeAddressHandler = apiRoute<DeviceParams & { channel: string }>(async ({ app, params }) => {
  await removeDeviceAddress(app.id, parseInstallationId(params.installationId), parseChannel(params.channel));
  return new Response(null, { status: 204 });
});

// PUT /api/v1/devices/{installationId}/phone: set the device's phone number and consent (200).
export const putPhoneNumberHandler = apiRoute<DeviceParams>(async ({ request, app, params }) => {
  const installationId = parseInstallationId(params.installationId);
  const parsed = phoneNumberSchema.safeParse(await readJsonBody(request));
  if (!parsed.success) throw invalidBody(parsed.error);
  return jsonResponse(await setPhoneNumber(app.id, installationId, parsed.data));
});

// DELETE /api/v1/devices/{installationId}/phone: forget the number (204, idempotent).
export const deletePhoneNumberHandler = apiRoute<DeviceParams>(async ({ app, params }) => {
  await removeDevicePhoneNumber(app.id, parseInstallationId(params.installationId));
  return new Response(null, { status: 204 });
});

// PATCH /api/v1/devices/{installationId}/tags: add/remove tags, or replace them with `set`.
export const patchTagsHandler = apiRoute<DeviceParams>(async ({ request, app, params }) => {
  const installationId = parseInstallationId(params.installationId);
  const parsed = patchTagsSchema.safeParse(await readJsonBody(request));
  if (!parsed.success) throw invalidBody(parsed.error);
  return jsonResponse({ installationId, tags: await patchDeviceTags(app.id, installationId, parsed.data) });
});

// GET /api/v1/devices/{installationId}/inbox: messages after a cursor; ETag/304; ?wait= long-polls.
export const readInboxHandler = apiRoute<DeviceParams>(async ({ request, app, params }) => {
  const installationId = parseInstallationId(params.installationId);
  return readInbox(app.id, installationId, parseInboxQuery(new URL(request.url)), request);
});

// POST /api/v1/events: up to 500 device events; each is accepted, a duplicate, or refused with why.
// A batch costs one rate-limit token, like any request.
export const recordEventsHandler = apiRoute(async ({ request, app }) => {
  const { events, refused } = parseEventBatch(
    await readJsonBody(request, maxEventBatchBytes, { controlCharacters: "allow" }),
  );
  return jsonResponse(countEvents(await recordEvents(app.id, events, refused)));
});

// GET /api/v1/webpush/vapid-public-key: the app's VAPID public key (generated and stored on first use),
// for the site's pushManager.subscribe({ applicationServerKey }).
export const vapidPublicKeyHandler = apiRoute(async ({ app }) => {
  const secret = await ensureVapidKeys(app.id);
  if (!secret) throw new NotFoundError("App");
  return jsonResponse({ publicKey: secret.publicKey, subject: secret.subject });
});

const documentText = JSON.stringify(openApiDocument);

// GET /api/v1/openapi.json: the device API's OpenAPI 3.1 document (public, no key needed).
export const openApiHandler = publicApiRoute(
  async () =>
    new Response(documentText, {
      headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=300" },
    }),
);
