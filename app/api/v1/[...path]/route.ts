// Every /api/v1 request goes through the device API's own router (server/device-api/routes.ts).
// Herald's HTTP server answers these paths before Next.js sees them; this route serves them when
// the app runs under plain `next start` or `next dev`.
import { handleApiRequest } from "@/server/device-api/routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const handle = (request: Request) => handleApiRequest(request);
// OPTIONS: browsers' CORS preflight (a site's page or service worker calling the device API).
export { handle as GET, handle as POST, handle as PATCH, handle as PUT, handle as DELETE, handle as OPTIONS };
