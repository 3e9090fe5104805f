"use client";
// Android (Material 3): the heads-up card as it drops in, collapsed (title and one line of text,
// the image as a thumbnail), and the same notification expanded in the shade (long text up to
// about six lines, or one line with the big picture under it).
import { ChevronDown } from "lucide-react";
import { useTranslations } from "next-intl";
import { cn } from "@/lib/cn";
import { AppIcon, BodyText, PreviewImage, TitleText, type SurfaceProps } from "./parts";

function Header({ appName, dark, expanded }: { appName: string; dark: boolean; expanded: boolean }) {
  const t = useTranslations("preview");
  return (
    <div className={cn("flex items-center gap-1.5 text-xs", dark ? "text-slate-300" : "text-slate-600")}>
      <AppIcon appName={appName} className="size-4 rounded-full text-[9px]" />
      <span className="truncate">{appName}</span>
      <span aria-hidden>·</span>
      <span className="shrink-0">{t("now")}</span>
      <ChevronDown aria-hidden className={cn("ml-auto size-4 shrink-0", expanded && "rotate-180")} />
    </div>
  );
}

export function AndroidPreview({ appName, content, dark }: SurfaceProps) {
  const t = useTranslations("preview.android");
  const card = cn("rounded-3xl p-4 shadow-sm", dark ? "bg-slate-800 text-slate-100" : "bg-white text-slate-900");
  const label = cn("mb-1.5 text-xs font-medium", dark ? "text-slate-400" : "text-slate-600");
  return (
    <div className={cn("space-y-4 rounded-xl p-4", dark ? "bg-slate-950" : "bg-slate-200")}>
      <figure>
        <figcaption className={label}>{t("headsUp")}</figcaption>
        <div className={card}>
          <Header appName={appName} dark={dark} expanded={false} />
          <div className="mt-1.5 flex gap-3">
            <div className="min-w-0 flex-1 text-sm">
              <TitleText title={content.title} className="line-clamp-1" />
              <BodyText body={content.body} lines={1} className={dark ? "text-slate-300" : "text-slate-700"} />
            </div>
            {content.imageUrl ? <PreviewImage src={content.imageUrl} className="size-10 shrink-0 rounded-lg" /> : null}
          </div>
        </div>
      </figure>
      <figure>
        <figcaption className={label}>{t("shade")}</figcaption>
        <div className={card}>
          <Header appName={appName} dark={dark} expanded />
          <div className="mt-1.5 text-sm">
            <TitleText title={content.title} className="line-clamp-1" />
            <BodyText
              body={content.body}
              lines={content.imageUrl ? 1 : 6}
              className={dark ? "text-slate-300" : "text-slate-700"}
            />
          </div>
          {/* BigPictureStyle: about 2:1, cropped to fill. */}
          {content.imageUrl ? (
            <PreviewImage src={content.imageUrl} className="mt-3 aspect-[2/1] w-full rounded-2xl" />
          ) : null}
        </div>
      </figure>
    </div>
  );
}
