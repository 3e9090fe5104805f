// A console page whose record does not exist (a deleted campaign, a mistyped id): inside the
// navigation shell, translated, with a way back.
import { NotFoundView } from "@/components/errors/not-found-view";

export default function DashboardNotFound() {
  return <NotFoundView />;
}
