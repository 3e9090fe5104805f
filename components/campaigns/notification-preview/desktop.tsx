"use client";
// Chrome's notification on the desktop: on macOS a banner (site and title, two lines of text, the
// image as a small square on the right); on Windows an action-centre toast (the image as a wide
// hero on top, three lines of text, "Google Chrome" and the site underneath).
import { Globe } from "lucide-react";
import { useTranslations } from "next-intl";
import { cn } from "@/lib/cn";
import { AppIcon, BodyText, PreviewImage, TitleText, webHost, type SurfaceProps } from "./parts";

export function MacPreview({ appName, content, dark }: SurfaceProps) {
  const t = useTranslations("preview");
  const site = webHost(content.url) ?? appName;
  return (
    <figure
      aria-label={t("desktop.mac")}
      className={cn(
        "ml-auto flex w-full max-w-sm gap-3 rounded-2xl p-3 shadow-lg backdrop-blur",
        dark ? "bg-slate-800/90 text-slate-100" : "bg-white/90 text-slate-900",
      )}
    >
      <Globe aria-hidden className="mt-0.5 size-8 shrink-0 text-brand-600" />
      <div className="min-w-0 flex-1 text-[13px] leading-snug">
        <TitleText title={content.title} className="truncate" />
        <p className={cn("truncate text-xs", dark ? "text-slate-400" : "text-slate-500")}>{site}</p>
        <BodyText body={content.body} lines={2} />
      </div>
      {content.imageUrl ? (
        <PreviewImage src={content.imageUrl} className="size-10 shrink-0 self-center rounded" />
      ) : (
        <AppIcon appName={appName} className="size-10 shrink-0 self-center rounded text-lg" />
      )}
    </figure>
  );
}

export function WindowsPreview({ appName, content, dark }: SurfaceProps) {
  const t = useTranslations("preview");
  const site = webHost(content.url) ?? appName;
  return (
    <figure
      aria-label={t("desktop.windows")}
      className={cn(
        "ml-auto w-full max-w-sm overflow-hidden rounded-lg border shadow-lg",
        dark ? "border-slate-700 bg-slate-800 text-slate-100" : "border-slate-200 bg-slate-50 text-slate-900",
      )}
    >
      {content.imageUrl ? <PreviewImage src={content.imageUrl} className="aspect-[364/180] w-full" /> : null}
      <div className="p-3 text-[13px] leading-snug">
        <p className={cn("mb-2 flex items-center gap-1.5 text-xs", dark ? "text-slate-300" : "text-slate-600")}>
          <Globe aria-hidden className="size-4" />
          {t("desktop.chrome")}
        </p>
        <div className="flex gap-3">
          <AppIcon appName={appName} className="size-12 shrink-0 rounded text-xl" />
          <div className="min-w-0 flex-1">
            <TitleText title={content.title} className="line-clamp-2" />
            <BodyText body={content.body} lines={3} className={dark ? "text-slate-300" : "text-slate-700"} />
            <p className={cn("mt-1 truncate text-xs", dark ? "text-slate-400" : "text-slate-500")}>{site}</p>
          </div>
        </div>
      </div>
    </figure>
  );
}
