"use client";
// iOS lock screen: the banner on a wallpaper under the clock. Title on one line, body up to four
// lines, an attached image (a notification service extension downloads it) as a thumbnail on the
// right, the badge on the app icon.
import { useTranslations } from "next-intl";
import { cn } from "@/lib/cn";
import { AppIcon, BodyText, PreviewImage, TitleText, type SurfaceProps } from "./parts";

export function IosPreview({ appName, content, badge, dark }: SurfaceProps) {
  const t = useTranslations("preview");
  return (
    <div
      className={cn(
        "rounded-[2rem] px-3 pt-6 pb-8",
        dark
          ? "bg-gradient-to-b from-slate-900 via-indigo-950 to-slate-800"
          : "bg-gradient-to-b from-sky-300 via-indigo-300 to-rose-200",
      )}
    >
      <p className={cn("text-center text-sm font-medium", dark ? "text-slate-300" : "text-white/90")}>
        {t("ios.date")}
      </p>
      <p
        aria-hidden
        className={cn(
          "mb-6 text-center text-6xl font-semibold tracking-tight tabular-nums",
          dark ? "text-slate-200" : "text-white",
        )}
      >
        9:41
      </p>
      <figure
        aria-label={t("ios.lockScreen")}
        className={cn(
          "flex gap-2.5 rounded-2xl p-3 backdrop-blur",
          dark ? "bg-slate-800/80 text-slate-100" : "bg-white/75 text-slate-900",
        )}
      >
        <span className="relative h-fit">
          <AppIcon appName={appName} className="size-9 rounded-[0.6rem] text-base" />
          {badge ? (
            <span
              className={
                "absolute -top-1.5 -right-1.5 min-w-4 rounded-full bg-red-500 px-1 text-center text-[10px] " +
                "leading-4 font-semibold text-white"
              }
            >
              {badge > 99 ? "99+" : badge}
            </span>
          ) : null}
        </span>
        <div className="min-w-0 flex-1 text-[13px] leading-[1.3]">
          <div className="flex items-baseline gap-2">
            <TitleText title={content.title} className="min-w-0 flex-1 truncate" />
            <span className={cn("shrink-0 text-xs", dark ? "text-slate-400" : "text-slate-500")}>{t("now")}</span>
          </div>
          <BodyText body={content.body} lines={4} />
        </div>
        {content.imageUrl ? (
          <PreviewImage src={content.imageUrl} className="size-9 shrink-0 self-center rounded-md" />
        ) : null}
      </figure>
    </div>
  );
}
