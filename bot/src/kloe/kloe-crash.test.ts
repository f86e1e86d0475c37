import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, startHarness } from '../test-support/harness';
import { POST_KLOE_QUEUE } from './kloe-store';

const valid = {
  form: 'kloe',
  organisation: 'Cleveland Police',
  contactOfficer: 'Pat Practitioner',
  subject: 'Posted after a restart',
  theme: 'Multi-agency working',
  details: 'Strategy discussions are held without health colleagues.',
  actionWanted: 'Review the invitation list.',
};

describe('a crash between saving a KLOE and posting it', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pathways-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('when the service stops after the commit and before the post, then the next start posts it once', async () => {
    // First instance: takes the submission but never runs jobs, as if it died right after commit.
    const first = await startHarness({ DATA_DIR: dataDir }, { workers: false });
    const pat = first.persona('Practitioner');
    const chat = await first.openPersonalChat(pat);
    const res = await first.send(
      first.cardAction(pat, chat, 'crash-submit', 'kloe.submit', valid, 'card-1'),
    );
    const reference = /KLOE-\d{4}-\d{4}/.exec(JSON.stringify(res.body))?.[0];
    expect(reference).toBeDefined();
    await first.close();

    const second = await startHarness({ DATA_DIR: dataDir });
    try {
      const posts = async () =>
        (await second.state()).teams
          .flatMap((t) => t.channels)
          .flatMap((c) => c.threads.map((t) => t.root))
          .filter((p) => p.summary === `New KLOE ${reference}`);
      await eventually(
        async () => ((await posts()).length > 0 ? true : undefined),
        'the post after restart',
      );
      await new Promise((r) => setTimeout(r, 1500));
      expect(await posts()).toHaveLength(1);
    } finally {
      await second.close();
    }
  }, 240_000);
});

describe('a crash between posting a KLOE and saving where it went', () => {
  it('when the job runs again with no saved post, then it finds its own card in the channel and adopts it rather than posting again', async () => {
    const h = await startHarness();
    try {
      const pat = h.persona('Practitioner');
      const chat = await h.openPersonalChat(pat);
      const res = await h.send(
        h.cardAction(pat, chat, 'adopt-submit', 'kloe.submit', valid, 'card-2'),
      );
      const reference = /KLOE-\d{4}-\d{4}/.exec(JSON.stringify(res.body))![0];
      const posts = async () =>
        (await h.state()).teams
          .flatMap((t) => t.channels)
          .flatMap((c) => c.threads.map((t) => t.root))
          .filter((p) => p.summary === `New KLOE ${reference}`);
      const [first] = await eventually(
        async () => ((await posts()).length > 0 ? posts() : undefined),
        'the first post',
      );
      // As if the process died after Teams took the post and before its id was saved:
      // nothing recorded where the card went, and the job is run again.
      const db = h.service.database.db;
      const kloe = await db
        .updateTable('kloes')
        .set({ channel_conversation_id: null, channel_activity_id: null })
        .where('reference', '=', reference)
        .returning('id')
        .executeTakeFirstOrThrow();
      await h.service.jobs.enqueue(h.service.database, POST_KLOE_QUEUE, { kloeId: kloe.id });
      h.service.jobs.wake(POST_KLOE_QUEUE);

      const saved = await eventually(async () => {
        const row = await db
          .selectFrom('kloes')
          .select('channel_activity_id')
          .where('id', '=', kloe.id)
          .executeTakeFirstOrThrow();
        return row.channel_activity_id ?? undefined;
      }, 'the post to be recorded again');
      expect(saved).toBe(first!.id);
      expect(await posts()).toHaveLength(1);
    } finally {
      await h.close();
    }
  }, 240_000);
});
