// Previous/next links of the keyset-paginated device list, with the total number of matches.
import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";

interface PaginationProps {
  total: number;
  page: number;
  pageSize: number;
  prevHref: string | null;
  nextHref: string | null;
}

export async function DevicePagination({ total, page, pageSize, prevHref, nextHref }: PaginationProps) {
  const t = await getTranslations("devices");
  const common = await getTranslations("common");
  const format = await getFormatter();
  const link = (href: string | null, label: string, icon: React.ReactNode, rel: string) =>
    href ? (
      <Button variant="secondary" size="sm" asChild>
        <Link href={href} rel={rel}>
          {rel === "prev" ? icon : null}
          {label}
          {rel === "next" ? icon : null}
        </Link>
      </Button>
    ) : (
      <Button variant="secondary" size="sm" disabled>
        {rel === "prev" ? icon : null}
        {label}
        {rel === "next" ? icon : null}
      </Button>
    );
  return (
    <nav
      aria-label={t("pagination")}
      className="mt-3 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600"
    >
      <p>
        <span className="font-medium text-slate-800">{t("total", { count: total })}</span>
        <span className="ml-2">{t("pageInfo", { page: format.number(page), size: pageSize })}</span>
      </p>
      <div className="flex gap-2">
        {link(prevHref, common("previous"), <ChevronLeft className="size-4" aria-hidden />, "prev")}
        {link(nextHref, common("next"), <ChevronRight className="size-4" aria-hidden />, "next")}
      </div>
    </nav>
  );
}
