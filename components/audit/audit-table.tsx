// A table of audit entries, newest first: when, who, what, optionally on what, and the changes.
// The audit log page and a campaign's audit trail both show theirs with it.
import type { ReactNode } from "react";
import { ListTable, Td, Tr } from "@/components/ui/table";
import { actionLabel } from "@/lib/audit/labels";
import { getTimeFormat } from "@/components/time/server-time";
import { AuditDiff } from "./audit-diff";
import { messageLookup } from "./message-lookup";

// One entry as the table needs it.
export interface AuditTableEntry {
  id: string;
  at: Date;
  actorEmail: string;
  action: string;
  diff: unknown;
}

interface Props<E extends AuditTableEntry> {
  entries: E[];
  // Column headings (target only with a target column).
  headers: { time: string; actor: string; action: string; target?: string; changes: string };
  label?: string;
  // The app whose zone times are shown in, when the viewer chose "app time" (default: the page's).
  timeZone?: string;
  // The content of a target column, when there is one.
  target?: (entry: E) => ReactNode;
}

// One row per entry.
export async function AuditTable<E extends AuditTableEntry>({ entries, headers, label, timeZone, target }: Props<E>) {
  const lookup = await messageLookup();
  const { time } = await getTimeFormat(timeZone);
  const when = (at: Date) => time(at, "dateTimeSeconds");
  return (
    <ListTable
      label={label}
      headings={[
        { label: headers.time },
        { label: headers.actor },
        { label: headers.action },
        target ? { label: headers.target } : null,
        { label: headers.changes },
      ]}
    >
      {entries.map((entry) => (
        <Tr key={entry.id}>
          <Td className="whitespace-nowrap tabular-nums">
            <time dateTime={entry.at.toISOString()}>{when(entry.at)}</time>
          </Td>
          <Td className="whitespace-nowrap">{entry.actorEmail}</Td>
          <Td className="whitespace-nowrap" data-action={entry.action}>
            {actionLabel(entry.action, lookup)}
          </Td>
          {target ? <Td className="text-xs">{target(entry)}</Td> : null}
          <Td className="min-w-56">
            <AuditDiff diff={entry.diff} />
          </Td>
        </Tr>
      ))}
    </ListTable>
  );
}
