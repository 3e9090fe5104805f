// Loading state for the Apps pages.
import { getTranslations } from "next-intl/server";
import { PageSkeleton } from "@/components/ui/skeleton";

export default async function Loading() {
  const t = await getTranslations("apps");
  return <PageSkeleton label={t("loading")} />;
}
