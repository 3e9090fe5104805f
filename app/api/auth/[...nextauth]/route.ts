// next-auth's sign-in, sign-out and session endpoints, with the options for this request (Secure
// cookies over HTTPS: server/auth/request-options.ts).
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptionsForRequest } from "@/server/auth/request-options";

async function handler(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(request, context, await authOptionsForRequest()) as Promise<Response>;
}
export { handler as GET, handler as POST };
