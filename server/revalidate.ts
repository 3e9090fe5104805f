// revalidatePath that is a no-op outside a Next.js request (integration tests, scripts), where
// Next throws "static generation store missing"; every other error still surfaces.
import "server-only";
import { revalidatePath } from "next/cache";

export function refreshPath(path: string, type?: "page" | "layout"): void {
  try {
    revalidatePath(path, type);
  } catch (error) {
    if (error instanceof Error && error.message.includes("static generation store missing")) return;
    throw error;
  }
}
