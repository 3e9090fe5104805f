// The A/B test in plain words: each variant's open rate, the p-value of the best variant against
// it (two-proportion z-test, two-sided), and a winner badge only once every difference is significant.
import { Trophy } from "lucide-react";
import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { VariantComparison } from "@/lib/analytics/types";
import { percent, pValue } from "../format";

export async function AbResult({ ab }: { ab: VariantComparison }) {
  const t = await getTranslations("analytics.ab");
  const format = await getFormatter();
  const best = ab.tests[0]?.a ?? [...ab.variants].sort((x, y) => (y.openRate ?? -1) - (x.openRate ?? -1))[0]?.key;
  const level = format.number(ab.significanceLevel);
  const verdict = ab.winner ? (
    <Badge tone="green" className="gap-1 text-sm">
      <Trophy className="size-3.5" aria-hidden />
      {t("winner", { variant: ab.winner })}
    </Badge>
  ) : (
    <Badge tone="amber" className="text-sm">
      {t("notSignificant")}
    </Badge>
  );
  return (
    <Card title={t("title")} actions={<span data-testid="ab-verdict">{verdict}</span>}>
      <p className="mb-3 text-sm text-slate-600">
        {ab.winner ? t("winnerBody", { variant: ab.winner, level }) : t("notSignificantBody", { level })}
      </p>
      <div className="overflow-x-auto">
        <Table>
          <caption className="sr-only">{t("caption")}</caption>
          <thead>
            <tr>
              <Th className="normal-case tracking-normal">{t("variant")}</Th>
              <Th className="text-right normal-case tracking-normal">{t("sent")}</Th>
              <Th className="text-right normal-case tracking-normal">{t("basis")}</Th>
              <Th className="text-right normal-case tracking-normal">{t("opened")}</Th>
              <Th className="text-right normal-case tracking-normal">{t("openRate")}</Th>
              <Th className="text-right normal-case tracking-normal">{t("pValue", { best: best ?? "" })}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {ab.variants.map((variant) => {
              const test = ab.tests.find((x) => x.b === variant.key);
              return (
                <Tr key={variant.key}>
                  <Td className="font-medium">
                    <span className="inline-flex items-center gap-2">
                      {t("variantName", { variant: variant.key })}
                      {variant.key === ab.winner ? (
                        <Badge tone="green">{t("winnerShort")}</Badge>
                      ) : variant.key === best ? (
                        <Badge tone="blue">{t("leading")}</Badge>
                      ) : null}
                    </span>
                  </Td>
                  <Td className="text-right tabular-nums">{format.number(variant.sent)}</Td>
                  <Td className="text-right tabular-nums">{format.number(variant.basis)}</Td>
                  <Td className="text-right tabular-nums">{format.number(variant.opened)}</Td>
                  <Td className="text-right font-medium tabular-nums">{percent(format, variant.openRate, 2)}</Td>
                  <Td className="text-right tabular-nums">
                    {test ? (
                      <span
                        className={
                          test.pValue < ab.significanceLevel ? "font-medium text-emerald-700" : "text-slate-600"
                        }
                      >
                        {pValue(format, test.pValue)}
                      </span>
                    ) : (
                      <span className="text-slate-400">—</span>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </tbody>
        </Table>
      </div>
      <p className="mt-3 text-xs text-slate-500">{t("method", { level })}</p>
    </Card>
  );
}
