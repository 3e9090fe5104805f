"use client";
// Navigation: a fixed sidebar on laptops, a drawer behind a menu button on tablets and phones.
import {
  AppWindow,
  ChartColumn,
  Filter,
  History,
  Home,
  Menu,
  Megaphone,
  Send,
  Smartphone,
  Users,
  X,
} from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";
import { cn } from "@/lib/cn";
import type { NavItem } from "./nav-items";

const icons = {
  home: Home,
  campaigns: Send,
  segments: Filter,
  analytics: ChartColumn,
  apps: AppWindow,
  devices: Smartphone,
  users: Users,
  audit: History,
};

function NavLinks({ items, onNavigate }: { items: NavItem[]; onNavigate?: () => void }) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  return (
    <nav aria-label={t("label")} className="space-y-1">
      {items.map((item) => {
        const Icon = icons[item.icon];
        const active =
          item.href === "/" ? pathname === "/" : pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            onClick={onNavigate}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium",
              active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100",
            )}
          >
            <Icon className="size-4" aria-hidden />
            {t(item.key)}
          </Link>
        );
      })}
    </nav>
  );
}

function Brand() {
  return (
    <Link href="/" className="flex items-center gap-2 px-3 text-lg font-semibold text-slate-900">
      <Megaphone className="size-5 text-brand-600" aria-hidden /> Herald
    </Link>
  );
}

export function Shell({ items, footer, children }: { items: NavItem[]; footer: ReactNode; children: ReactNode }) {
  const t = useTranslations("nav");
  const [open, setOpen] = useState(false);
  return (
    <div className="min-h-screen lg:flex">
      <aside
        className={
          "hidden w-60 shrink-0 flex-col justify-between border-r border-slate-200 bg-white py-4 lg:flex " +
          "lg:sticky lg:top-0 lg:h-screen"
        }
      >
        <div className="space-y-6 px-2">
          <Brand />
          <NavLinks items={items} />
        </div>
        <div className="px-4">{footer}</div>
      </aside>
      <header
        className={
          "sticky top-0 z-30 flex items-center justify-between border-b border-slate-200 bg-white px-4 py-2 " +
          "lg:hidden"
        }
      >
        <Brand />
        <button
          type="button"
          className="rounded p-2 hover:bg-slate-100"
          aria-label={t("open")}
          aria-expanded={open}
          onClick={() => setOpen(true)}
        >
          <Menu className="size-5" aria-hidden />
        </button>
      </header>
      {open ? (
        <div className="fixed inset-0 z-40 lg:hidden" role="dialog" aria-modal="true" aria-label={t("label")}>
          <div className="absolute inset-0 bg-slate-900/40" onClick={() => setOpen(false)} />
          <div className="absolute inset-y-0 left-0 flex w-72 flex-col justify-between bg-white py-4 shadow-xl">
            <div className="space-y-6 px-2">
              <div className="flex items-center justify-between pr-2">
                <Brand />
                <button
                  type="button"
                  className="rounded p-2 hover:bg-slate-100"
                  aria-label={t("close")}
                  onClick={() => setOpen(false)}
                >
                  <X className="size-5" aria-hidden />
                </button>
              </div>
              <NavLinks items={items} onNavigate={() => setOpen(false)} />
            </div>
            <div className="px-4">{footer}</div>
          </div>
        </div>
      ) : null}
      <main className="min-w-0 flex-1 px-4 py-6 sm:px-6 lg:px-8">{children}</main>
    </div>
  );
}
