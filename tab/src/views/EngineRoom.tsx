import type { RecordType } from '@pathways/core';
import type { SignedIn } from '@pathways/ui-shell';
import { QueueView } from '../engine-room/QueueView';
import { RecordView } from '../engine-room/RecordView';

/** The Engine Room channel tab: the queue, or one record from it. */
export function EngineRoom({
  session,
  query,
  record,
}: {
  session: SignedIn;
  query: URLSearchParams;
  record?: { type: RecordType; id: string } | undefined;
}) {
  return record ? (
    <RecordView session={session} type={record.type} id={record.id} />
  ) : (
    <QueueView session={session} query={query} />
  );
}
