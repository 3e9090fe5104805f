// The campaigns page's templates: each starts the composer from its values (/campaigns/new with
// ?template=), and users who may write its type can delete it. Rendered only when there are any.
import { FilePlus2 } from "lucide-react";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { CampaignType } from "@/lib/campaigns/state";
import type { TemplateListRow } from "@/lib/campaigns/types";
import { DeleteTemplateButton } from "./delete-template-button";

interface Props {
  appId: string;
  templates: TemplateListRow[];
  // The campaign types the viewer may write (start from and delete only those).
  writableTypes: readonly CampaignType[];
}

export async function TemplatesSection({ appId, templates, writableTypes }: Props) {
  const t = await getTranslations("templates");
  const types = await getTranslations("campaigns.type");
  const format = await getFormatter();
  if (!templates.length) return null;
  return (
    <Card title={t("list.title", { count: templates.length })} className="mt-8">
      <ul className="divide-y divide-slate-100">
        {templates.map((template) => {
          const writable = writableTypes.includes(template.type);
          return (
            <li key={template.id} className="flex flex-wrap items-center gap-3 py-2 first:pt-0 last:pb-0">
              <div className="min-w-0 flex-1">
                <p className="flex items-center gap-2 text-sm font-medium text-slate-900">
                  <span className="truncate">{template.name}</span>
                  <Badge>{types(template.type)}</Badge>
                </p>
                <p className="text-xs text-slate-500">
                  {template.createdBy
                    ? t("list.savedBy", {
                        who: template.createdBy,
                        when: format.dateTime(template.createdAt, { dateStyle: "medium" }),
                      })
                    : t("list.saved", { when: format.dateTime(template.createdAt, { dateStyle: "medium" }) })}
                </p>
              </div>
              {writable ? (
                <>
                  <Button asChild size="sm" variant="secondary">
                    <Link
                      href={`/campaigns/new?app=${appId}&template=${template.id}`}
                      aria-label={t("list.startLabel", { name: template.name })}
                    >
                      <FilePlus2 className="size-4" aria-hidden />
                      {t("list.start")}
                    </Link>
                  </Button>
                  <DeleteTemplateButton template={template} />
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
