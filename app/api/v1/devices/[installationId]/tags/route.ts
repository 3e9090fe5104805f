// PATCH /api/v1/devices/{installationId}/tags: add/remove tags, or replace them with `set`.
import { apiRoute, jsonResponse } from "@/server/api/api-route";
import { invalidBody } from "@/server/api/problem";
import { readJsonBody } from "@/server/api/read-json";
import { parseInstallationId, patchDeviceTags } from "@/server/devices/api-devices";
import { patchTagsSchema } from "@/server/devices/api-schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const PATCH = apiRoute<{ installationId: string }>(async ({ request, app, params }) => {
  const installationId = parseInstallationId(params.installationId);
  const parsed = patchTagsSchema.safeParse(await readJsonBody(request));
  if (!parsed.success) throw invalidBody(parsed.error);
  return jsonResponse({ installationId, tags: await patchDeviceTags(app.id, installationId, parsed.data) });
});
