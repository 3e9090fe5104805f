"use client";
// The page's "New segment" button and each row's edit / delete buttons, wired to the success notice.
import { DeleteSegmentDialog } from "./delete-segment-dialog";
import { SegmentDialog, type EditableSegment } from "./segment-dialog";
import { useSegmentNotice } from "./segment-notice";

export function NewSegmentButton({ appId, appName }: { appId: string; appName: string }) {
  const notify = useSegmentNotice();
  return <SegmentDialog appId={appId} appName={appName} onDone={notify} />;
}

export function SegmentRowActions({
  appId,
  appName,
  segment,
}: {
  appId: string;
  appName: string;
  segment: EditableSegment;
}) {
  const notify = useSegmentNotice();
  return (
    <div className="flex justify-end gap-1">
      <SegmentDialog appId={appId} appName={appName} segment={segment} onDone={notify} />
      <DeleteSegmentDialog appId={appId} segment={segment} onDone={notify} />
    </div>
  );
}
