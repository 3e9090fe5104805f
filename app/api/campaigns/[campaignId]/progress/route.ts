// GET /api/campaigns/{id}/progress[?details=1]: live sending progress for signed-in staff who may view campaigns.
import { NextResponse } from "next/server";
import { z } from "zod";
import { can } from "@/lib/permissions";
import { getCurrentUser } from "@/server/auth/session";
import { campaignProgress } from "@/server/campaigns/progress";

const noStore = { "Cache-Control": "no-store" };

export async function GET(request: Request, { params }: { params: Promise<{ campaignId: string }> }) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first." }, { status: 401, headers: noStore });
  if (!can(user, "campaigns.view"))
    return NextResponse.json({ error: "Your role cannot view campaigns." }, { status: 403, headers: noStore });
  const id = z.uuid().safeParse((await params).campaignId);
  if (!id.success) return NextResponse.json({ error: "Not a campaign id." }, { status: 400, headers: noStore });
  const details = new URL(request.url).searchParams.get("details") === "1";
  const progress = await campaignProgress(id.data, details);
  if (!progress) return NextResponse.json({ error: "No such campaign." }, { status: 404, headers: noStore });
  return NextResponse.json(progress, { headers: noStore });
}
