// GET /api/v1/openapi.json: the device API's OpenAPI 3.1 document (public, no key needed).
import { publicApiRoute } from "@/server/api/api-route";
import { openApiDocument } from "@/server/api/openapi";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const documentText = JSON.stringify(openApiDocument);

export const GET = publicApiRoute(async () =>
  new Response(documentText, { headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=300" } }),
);
