// Audit log filters: a plain GET form, so filtered views are links that can be shared and bookmarked.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect, Options } from "@/components/ui/input";
import { actionLabel } from "@/lib/audit/labels";
import type { AuditFilters as Filters } from "@/server/audit/queries";
import { messageLookup } from "./message-lookup";

interface Props {
  filters: Filters;
  actions: string[];
  apps: { id: string; name: string }[];
}

export async function AuditFilters({ filters, actions, apps }: Props) {
  const t = await getTranslations("audit");
  const common = await getTranslations("common");
  const lookup = await messageLookup();
  return (
    <form
      method="get"
      action="/audit"
      className={
        "mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 " +
        "lg:grid-cols-3 xl:grid-cols-6"
      }
      aria-label={t("filters.label")}
    >
      <Field label={t("filters.action")}>
        <NativeSelect name="action" defaultValue={filters.action ?? ""}>
          <option value="">{common("all")}</option>
          <Options items={actions} label={(action) => actionLabel(action, lookup)} />
        </NativeSelect>
      </Field>
      <Field label={t("filters.actor")}>
        <Input
          name="actor"
          type="search"
          defaultValue={filters.actor ?? ""}
          placeholder="name@example.com"
          autoComplete="off"
        />
      </Field>
      <Field label={t("filters.app")}>
        <NativeSelect name="app" defaultValue={filters.app ?? ""}>
          <option value="">{common("all")}</option>
          <Options items={apps} value={(app) => app.id} label={(app) => app.name} />
        </NativeSelect>
      </Field>
      <Field label={t("filters.from")}>
        <Input name="from" type="date" defaultValue={filters.from ?? ""} />
      </Field>
      <Field label={t("filters.to")}>
        <Input name="to" type="date" defaultValue={filters.to ?? ""} />
      </Field>
      <Field label={t("filters.target")}>
        <Input name="target" type="search" defaultValue={filters.target ?? ""} autoComplete="off" spellCheck={false} />
      </Field>
      <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-3 xl:col-span-6">
        <Button type="submit">{common("apply")}</Button>
        <Button asChild variant="secondary">
          <Link href="/audit">{common("reset")}</Link>
        </Button>
        <p className="ml-auto text-xs text-slate-500">{t("filters.utc")}</p>
      </div>
    </form>
  );
}
