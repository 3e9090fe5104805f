// The "page not found" message with a way back, for the root 404 and the console's own.
import { FileQuestionMark } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";

export async function NotFoundView({ fullScreen = false }: { fullScreen?: boolean }) {
  const t = await getTranslations("errorPages");
  return (
    <main
      className={
        fullScreen
          ? "flex min-h-screen flex-col items-center justify-center gap-4 px-4 text-center"
          : "flex flex-col items-center justify-center gap-4 px-4 py-24 text-center"
      }
    >
      <FileQuestionMark className="size-10 text-slate-400" aria-hidden />
      <h1 className="text-2xl font-semibold">{t("notFoundTitle")}</h1>
      <p className="max-w-md text-slate-600">{t("notFoundBody")}</p>
      <Button asChild variant="secondary">
        <Link href="/">{t("backHome")}</Link>
      </Button>
    </main>
  );
}
