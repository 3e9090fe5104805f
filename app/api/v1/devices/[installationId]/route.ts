// GET /api/v1/devices/{installationId}: the device's public state; DELETE: unsubscribe it (204).
import { apiRoute, jsonResponse } from "@/server/api/api-route";
import { getPublicDevice, parseInstallationId, unsubscribeDevice } from "@/server/devices/api-devices";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { installationId: string };

export const GET = apiRoute<Params>(async ({ app, params }) => {
  return jsonResponse(await getPublicDevice(app.id, parseInstallationId(params.installationId)));
});

export const DELETE = apiRoute<Params>(async ({ app, params }) => {
  await unsubscribeDevice(app.id, parseInstallationId(params.installationId));
  return new Response(null, { status: 204 });
});
