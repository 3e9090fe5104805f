"use client";
// A success message after a segment is saved or deleted: the provider keeps it, the slot shows it
// (under the page header) until the next change.
import { createContext, useContext, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";

const NoticeContext = createContext<{ notice: string | null; setNotice: (message: string) => void }>({
  notice: null,
  setNotice: () => undefined,
});

export function SegmentNoticeProvider({ children }: { children: ReactNode }) {
  const [notice, setNotice] = useState<string | null>(null);
  return <NoticeContext.Provider value={{ notice, setNotice }}>{children}</NoticeContext.Provider>;
}

// Where the notice appears.
export function SegmentNoticeSlot() {
  const { notice } = useContext(NoticeContext);
  return notice ? (
    <Alert tone="success" className="mb-4">
      {notice}
    </Alert>
  ) : null;
}

// Shows `message` as the page's success notice.
export function useSegmentNotice(): (message: string) => void {
  return useContext(NoticeContext).setNotice;
}
