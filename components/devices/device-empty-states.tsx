// What the Devices page shows when there is no app, no device yet, or no device matching the filters.
import { AppWindow, SearchX, Smartphone } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

// The empty state before any app exists; those who may create one get a link to the Apps page.
export function NoAppsState({
  title,
  createLabel,
  canCreate,
  children,
}: {
  title: string;
  createLabel: string;
  canCreate: boolean;
  children: ReactNode;
}) {
  return (
    <EmptyState
      icon={<AppWindow className="size-10" />}
      title={title}
      action={
        canCreate ? (
          <Button asChild>
            <Link href="/apps">{createLabel}</Link>
          </Button>
        ) : null
      }
    >
      {children}
    </EmptyState>
  );
}

export async function NoAppsYet({ canManageApps }: { canManageApps: boolean }) {
  const t = await getTranslations("devices.empty");
  return (
    <NoAppsState title={t("noAppsTitle")} createLabel={t("createApp")} canCreate={canManageApps}>
      {canManageApps ? t("noAppsBody") : t("noAppsAnalyst")}
    </NoAppsState>
  );
}

// A whole page before any app exists (Devices, Campaigns, the composer, Analytics): its header over NoAppsYet.
export function NoAppsPage({
  title,
  description,
  canManageApps,
}: {
  title: string;
  description?: string;
  canManageApps: boolean;
}) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <NoAppsYet canManageApps={canManageApps} />
    </>
  );
}

export async function NoDevicesYet() {
  const t = await getTranslations("devices.empty");
  return (
    <EmptyState
      icon={<Smartphone className="size-10" />}
      title={t("noDevicesTitle")}
      action={
        <Button variant="secondary" asChild>
          <a href="/api/v1/openapi.json">{t("apiReference")}</a>
        </Button>
      }
    >
      {t.rich("noDevicesBody", {
        code: (chunks) => (
          <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-800">{chunks}</code>
        ),
      })}
    </EmptyState>
  );
}

export async function NoMatchingDevices({ resetHref }: { resetHref: string }) {
  const t = await getTranslations("devices.empty");
  return (
    <EmptyState
      icon={<SearchX className="size-10" />}
      title={t("noMatchTitle")}
      action={
        <Button variant="secondary" asChild>
          <Link href={resetHref}>{t("resetFilters")}</Link>
        </Button>
      }
    >
      {t("noMatchBody")}
    </EmptyState>
  );
}
