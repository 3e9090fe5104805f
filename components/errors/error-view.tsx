"use client";
// What a page that failed to render shows instead: a translated message, "Try again" and a way back.
// The digest (when Next.js gives one) lets an admin find the server's log line.
import { TriangleAlert } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

export function ErrorView({ digest, reset }: { digest?: string; reset: () => void }) {
  const t = useTranslations("errorPages");
  return (
    <main className="flex flex-col items-center justify-center gap-4 px-4 py-24 text-center" role="alert">
      <TriangleAlert className="size-10 text-amber-500" aria-hidden />
      <h1 className="text-2xl font-semibold">{t("errorTitle")}</h1>
      <p className="max-w-md text-slate-600">{t("errorBody")}</p>
      {digest ? <p className="text-xs text-slate-500">{t("reference", { digest })}</p> : null}
      <div className="flex gap-2">
        <Button onClick={reset}>{t("tryAgain")}</Button>
        <Button asChild variant="secondary">
          <Link href="/">{t("backHome")}</Link>
        </Button>
      </div>
    </main>
  );
}
