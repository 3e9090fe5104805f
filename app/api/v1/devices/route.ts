// POST /api/v1/devices: register or update a device by its installationId (201 created, 200 updated).
import { apiRoute, jsonResponse } from "@/server/api/api-route";
import { invalidBody } from "@/server/api/problem";
import { readJsonBody } from "@/server/api/read-json";
import { registerDeviceSchema } from "@/server/devices/api-schema";
import { registerDevice } from "@/server/devices/register";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = apiRoute(async ({ request, app }) => {
  const parsed = registerDeviceSchema.safeParse(await readJsonBody(request));
  if (!parsed.success) throw invalidBody(parsed.error);
  const result = await registerDevice(app.id, parsed.data);
  return jsonResponse(result, result.created ? 201 : 200);
});
