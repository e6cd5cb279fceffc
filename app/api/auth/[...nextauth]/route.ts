import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { buildAuthOptions } from "@/lib/auth/auth-options";
import { isHttpsRequest } from "@/lib/auth/client-ip";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: NextRequest, context: Context): Promise<Response> {
  return NextAuth(request, context, buildAuthOptions({ secure: isHttpsRequest(request.headers) }));
}

export { handler as GET, handler as POST };
