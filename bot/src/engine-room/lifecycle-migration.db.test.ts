import { loadPartnership } from '@pathways/core';
import { kloeStore } from '../kloe';
import type { Database } from '../platform/db/database';
import { createMigrator, listedMigrations, migrateToLatest } from '../platform/db/migrate';
import { openTestDatabase } from '../platform/db/test-database';
import { lifecycleOf } from '../records/record-lifecycle';
import { engineRoomStore } from './engine-room-store';

let database: Database;
const jobs = { enqueue: async () => 'job', wake: () => undefined };
const billie = { aadObjectId: 'billie', name: 'Billie BusinessUnit' };
const eli = { aadObjectId: 'eli', name: 'Eli EngineRoom' };

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('migration 0022: the record lifecycle', () => {
  it('when records were worked on before it, then each gets the steps its own history shows, with who and when', async () => {
    // Acting for the partnership, as the service does (row-level security, migration 0023).
    const { db } = database.forPartnership({ partnershipId: 'hsscp' });
    const kloes = kloeStore(db, jobs);
    const submit = async (key: string, at: string) =>
      (
        await kloes.submit({
          partnershipId: 'hsscp',
          submissionKey: key,
          values: {
            organisation: 'Cleveland Police',
            contactOfficer: 'Pat Practitioner',
            subject: `Subject ${key}`,
            theme: 'Neglect',
            details: 'Details.',
            actionWanted: 'Review it.',
          },
          submittedBy: { aadObjectId: 'pat', name: 'Pat Practitioner' },
          receipt: { conversationReference: {}, activityId: undefined },
          at: new Date(at),
        })
      ).kloe;
    const declined = await submit('declined', '2026-05-01T09:00:00Z');
    await kloes.triage({
      partnershipId: 'hsscp',
      kloeId: declined.id,
      expectedVersion: 1,
      decision: { kind: 'decline', reason: 'Covered elsewhere.' },
      by: billie,
      at: new Date('2026-05-02T09:00:00Z'),
    });
    const explored = await submit('explored', '2026-05-03T09:00:00Z');
    await kloes.triage({
      partnershipId: 'hsscp',
      kloeId: explored.id,
      expectedVersion: 1,
      decision: { kind: 'accept', meetingDate: '2026-06-01' },
      by: billie,
      at: new Date('2026-05-04T09:00:00Z'),
    });
    const engineRoom = engineRoomStore(db, loadPartnership('hsscp'));
    for (const day of ['05', '06'])
      await engineRoom.addWork('kloe', explored.id, eli, new Date(`2026-05-${day}T09:00:00Z`), {
        kind: 'evidence',
        summary: 'An audit.',
        source: 'Audit',
        sourceDate: '2026-04-01',
      });
    await engineRoom.addWork('kloe', explored.id, eli, new Date('2026-05-07T09:00:00Z'), {
      kind: 'outcome',
      learning: 'Share it.',
      decision: 'learning-identified',
    });
    const live = {
      declined: await lifecycleOf(db, 'kloe', declined.id),
      explored: await lifecycleOf(db, 'kloe', explored.id),
    };
    expect(live.explored.map((s) => s.text)).toEqual([
      'Received',
      'Triaged (accepted)',
      'Being explored by the Engine Room',
      'Outcome recorded',
    ]);

    // As a database deployed before 0022: the records and their history, no lifecycle.
    const names = Object.keys(listedMigrations()).sort();
    const before = names[names.indexOf('0022_record_lifecycle') - 1]!;
    const { error } = await createMigrator(database.db).migrateTo(before);
    expect(error).toBeUndefined();
    expect(await migrateToLatest(database.db)).toContain('0022_record_lifecycle');
    expect(await lifecycleOf(db, 'kloe', declined.id)).toEqual(live.declined);
    expect(await lifecycleOf(db, 'kloe', explored.id)).toEqual(live.explored);
  });
});
