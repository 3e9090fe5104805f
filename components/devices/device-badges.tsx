// Status and test-device badges shared by the list and the details view.
import { Badge } from "@/components/ui/badge";

const statusTones = { active: "green", invalid: "red", unsubscribed: "amber" } as const;

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <Badge tone={statusTones[status as keyof typeof statusTones] ?? "neutral"}>{label}</Badge>;
}

export function TestBadge({ label }: { label: string }) {
  return <Badge tone="blue">{label}</Badge>;
}
