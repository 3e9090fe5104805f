"use client";
// The composer's footer, always in view: what saving does (or how many problems are left, or that the
// draft is over a channel's limits and will save but not submit yet), the server's refusal, Cancel, Save.
import { AlertCircle, AlertTriangle, Loader2 } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { Button } from "@/components/ui/button";

interface Props {
  problems: number;
  // Channel limits a message is over (saving goes ahead; submitting waits until they are fixed).
  overLimits?: number;
  serverMessage: string | null;
  pending: boolean;
  editing: boolean;
  cancelHref: string;
}

export function SaveBar({ problems, overLimits = 0, serverMessage, pending, editing, cancelHref }: Props) {
  const t = useTranslations("campaigns.composer.save");
  return (
    <div
      className={
        "sticky bottom-0 z-10 -mx-4 mt-6 border-t border-slate-200 bg-white/95 px-4 py-3 " +
        "shadow-[0_-4px_12px_-6px_rgba(15,23,42,0.15)] backdrop-blur sm:-mx-6 sm:px-6 lg:-mx-8 lg:px-8"
      }
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0 text-sm" aria-live="polite">
          {serverMessage ? (
            <p role="alert" className="flex items-center gap-1.5 font-medium text-red-700">
              <AlertCircle className="size-4 shrink-0" aria-hidden />
              {serverMessage}
            </p>
          ) : problems > 0 ? (
            <p className="flex items-center gap-1.5 font-medium text-red-700">
              <AlertCircle className="size-4 shrink-0" aria-hidden />
              {t("problems", { count: problems })}
            </p>
          ) : overLimits > 0 ? (
            <p className="flex items-center gap-1.5 font-medium text-amber-800" data-testid="save-over-limits">
              <AlertTriangle className="size-4 shrink-0" aria-hidden />
              {t("overLimits", { count: overLimits })}
            </p>
          ) : (
            <p className="text-slate-600">{editing ? t("hintEdit") : t("hint")}</p>
          )}
        </div>
        <div className="flex gap-2">
          <Button variant="secondary" asChild>
            <Link href={cancelHref}>{t("cancel")}</Link>
          </Button>
          <Button type="submit" disabled={pending} aria-disabled={pending}>
            {pending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null}
            {pending ? t("saving") : editing ? t("saveChanges") : t("saveDraft")}
          </Button>
        </div>
      </div>
    </div>
  );
}
