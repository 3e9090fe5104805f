// Data table pieces with consistent spacing; wrap in <TableFrame> for horizontal scrolling on tablets.
import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "@/lib/cn";

export function TableFrame({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn("overflow-x-auto rounded-lg border border-slate-200 bg-white", className)} {...props} />;
}
export function Table({ className, ...props }: HTMLAttributes<HTMLTableElement>) {
  return <table className={cn("min-w-full divide-y divide-slate-200 text-sm", className)} {...props} />;
}
export function Th({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={cn(
        "bg-slate-50 px-3 py-2 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase",
        className,
      )}
      {...props}
    />
  );
}
export function Td({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn("px-3 py-2 align-top text-slate-800", className)} {...props} />;
}
export function Tr({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn("hover:bg-slate-50", className)} {...props} />;
}

// A column heading of a ListTable; `hidden` keeps it for screen readers only (an actions column).
export interface Heading {
  label: ReactNode;
  className?: string;
  hidden?: boolean;
}

// A framed table with one row of headings (a column left out is null) and its body rows.
export function ListTable({
  label,
  headings,
  children,
}: {
  label?: string;
  headings: (Heading | null)[];
  children: ReactNode;
}) {
  return (
    <TableFrame>
      <Table aria-label={label}>
        <thead>
          <tr>
            {headings.map((heading, index) =>
              heading ? (
                <Th key={index} className={heading.className}>
                  {heading.hidden ? <span className="sr-only">{heading.label}</span> : heading.label}
                </Th>
              ) : null,
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </Table>
    </TableFrame>
  );
}
