// The Devices page body: app picker, filters, the current page of devices and pagination.
import { getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { AppPicker } from "@/components/shell/app-picker";
import { NoDevicesYet, NoMatchingDevices } from "./device-empty-states";
import { DeviceFilters, type FilterOptions, type FilterValues } from "./device-filters";
import { DevicePagination } from "./device-pagination";
import { DeviceTable, type DeviceRow } from "./device-table";

export interface DevicesViewProps {
  apps: { id: string; name: string }[];
  appId: string;
  filters: FilterValues;
  filterOptions: FilterOptions;
  ignored: string[];
  rows: DeviceRow[];
  total: number;
  page: number;
  pageSize: number;
  prevHref: string | null;
  nextHref: string | null;
  // False when the app has no device at all (as opposed to none matching the filters).
  appHasDevices: boolean;
  canMarkTest: boolean;
  now: Date;
}

// Query-string keys as the user knows them (the labels of the filter fields).
const paramLabels: Record<string, string> = {
  app: "app",
  tag: "filters.tags",
  platform: "filters.platform",
  channel: "filters.channel",
  maker: "filters.maker",
  status: "filters.status",
  locale: "filters.locale",
  active: "filters.active",
  test: "filters.testOnly",
  q: "filters.search",
  after: "pagination",
  before: "pagination",
  page: "pagination",
};

export async function DevicesView(props: DevicesViewProps) {
  const t = await getTranslations("devices");
  const resetHref = `/devices?app=${encodeURIComponent(props.appId)}`;
  let body: React.ReactNode;
  if (!props.appHasDevices) body = <NoDevicesYet />;
  else if (props.rows.length === 0) body = <NoMatchingDevices resetHref={resetHref} />;
  else
    body = (
      <>
        <DeviceTable
          appId={props.appId}
          rows={props.rows}
          now={props.now}
          canMarkTest={props.canMarkTest}
          filterTags={props.filters.tags}
        />
        <DevicePagination
          total={props.total}
          page={props.page}
          pageSize={props.pageSize}
          prevHref={props.prevHref}
          nextHref={props.nextHref}
        />
      </>
    );
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={<AppPicker apps={props.apps} appId={props.appId} basePath="/devices" />}
      />
      {props.appHasDevices ? (
        // Keyed by the filters so the uncontrolled fields show the URL's values after back/forward.
        <DeviceFilters
          key={JSON.stringify(props.filters)}
          appId={props.appId}
          values={props.filters}
          options={props.filterOptions}
        />
      ) : null}
      {props.ignored.length ? (
        <Alert tone="warning" className="mb-4">
          {t("filters.ignored", {
            names: [...new Set(props.ignored.map((key) => t(paramLabels[key] ?? "filters.label")))].join(", "),
          })}
        </Alert>
      ) : null}
      {body}
    </>
  );
}
