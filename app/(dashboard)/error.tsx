"use client";
// A console page that failed to render: a translated message inside the navigation shell.
import { ErrorView } from "@/components/errors/error-view";

export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorView digest={error.digest} reset={reset} />;
}
