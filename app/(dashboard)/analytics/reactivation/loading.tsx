// Loading state of this analytics page: the page's shape in placeholders.
import { getTranslations } from "next-intl/server";
import { AnalyticsSkeleton } from "@/components/analytics/analytics-skeleton";

export default async function Loading() {
  const t = await getTranslations("common");
  return <AnalyticsSkeleton label={t("loading")} kpis={3} />;
}
