"use client";
// The signed-in user's name and role, the language and time zone switches and sign-out.
import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import type { ZoneChoice } from "@/lib/time/zone-choice";
import { TimeZoneSwitch } from "@/components/time/time-zone-switch";
import { LanguageSwitch } from "./language-switch";

interface Props {
  name: string;
  email: string;
  role: string;
  zoneChoice: ZoneChoice;
}

export function UserMenu({ name, email, role, zoneChoice }: Props) {
  const t = useTranslations("common");
  const tr = useTranslations("roles");
  return (
    <div className="space-y-3 border-t border-slate-200 pt-4">
      <div className="text-sm">
        <div className="font-medium text-slate-900">{name}</div>
        <div className="truncate text-xs text-slate-500">{email}</div>
        <div className="mt-1 text-xs text-slate-600" data-testid="current-role">
          {tr(role)}
        </div>
      </div>
      <LanguageSwitch />
      <TimeZoneSwitch choice={zoneChoice} />
      <button
        type="button"
        onClick={() => signOut({ callbackUrl: "/login" })}
        className="flex items-center gap-2 text-sm text-slate-700 hover:text-slate-900"
      >
        <LogOut className="size-4" aria-hidden /> {t("signOut")}
      </button>
    </div>
  );
}
