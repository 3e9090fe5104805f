// Root layout: language, messages for client components, global styles, and the CSP's browser side.
import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale } from "next-intl/server";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { CspClient } from "@/components/shell/csp-client";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Herald", template: "%s · Herald" },
  description: "Push campaign operations console",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  // The nonce proxy.ts put in this request's Content-Security-Policy.
  const nonce = (await headers()).get("x-nonce");
  return (
    <html lang={locale}>
      <body>
        <CspClient nonce={nonce} />
        <NextIntlClientProvider>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
