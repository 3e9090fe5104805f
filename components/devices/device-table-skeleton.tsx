// Placeholder for the Devices page while its data loads: header, filter bar and table rows.
import { Skeleton } from "@/components/ui/skeleton";

export function DeviceTableSkeleton({ label }: { label: string }) {
  return (
    <div role="status" aria-live="polite" className="space-y-4">
      <span className="sr-only">{label}</span>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="space-y-2">
          <Skeleton className="h-8 w-40" />
          <Skeleton className="h-4 w-80 max-w-full" />
        </div>
        <Skeleton className="h-9 w-64" />
      </div>
      <div className="flex flex-wrap gap-3 rounded-lg border border-slate-200 bg-white p-3">
        {Array.from({ length: 7 }, (_, i) => (
          <Skeleton key={i} className="h-12 w-36" />
        ))}
      </div>
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <div className="bg-slate-50 px-3 py-2">
          <Skeleton className="h-4 w-full" />
        </div>
        {Array.from({ length: 12 }, (_, i) => (
          <div key={i} className="flex gap-4 border-t border-slate-100 px-3 py-3">
            <Skeleton className="h-4 w-20" />
            <Skeleton className="h-4 w-16" />
            <Skeleton className="h-4 w-14" />
            <Skeleton className="h-4 w-14" />
            <Skeleton className="h-4 w-28" />
            <Skeleton className="h-4 flex-1" />
          </div>
        ))}
      </div>
    </div>
  );
}
