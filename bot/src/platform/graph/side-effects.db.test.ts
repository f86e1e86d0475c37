import { openDatabase, type Database } from '../db/database';
import { openTestDatabase } from '../db/test-database';
import { startJobQueue, type JobQueue } from '../jobs/job-queue';
import { graphResources, type GraphResources } from './gateway';
import { graphClient } from './graph-client';
import { HttpsTransport } from './https-transport';
import { defaultRetryPolicy } from './retry';
import { MailboxQuotaError } from './client-limits';
import {
  enqueueGraphSideEffect,
  graphSideEffect,
  graphSideEffectHandler,
  GRAPH_SIDE_EFFECTS_QUEUE,
  type GraphSideEffectJob,
} from './side-effects';
import { startScriptedGraph, type RecordedRequest } from './test-support/scripted-graph-server';

/** A mailbox on a real https server: drafts, send, Sent Items found by our key property. */
function mailboxServer() {
  const drafts = new Map<string, string>(); // draft id -> key
  const sent = new Map<string, string>(); // sent id -> key
  const keyOf = (r: RecordedRequest) =>
    /ep\/value eq '([^']+)'/.exec(decodeURIComponent(r.path))?.[1];
  return startScriptedGraph((r) => {
    const path = decodeURIComponent(r.path);
    if (r.method === 'GET' && path.includes('/mailFolders/sentitems/messages')) {
      const id = [...sent].find(([, k]) => k === keyOf(r))?.[0];
      return { status: 200, body: { value: id ? [{ id }] : [] } };
    }
    if (r.method === 'GET' && path.includes('/mailFolders/drafts/messages')) {
      const id = [...drafts].find(([, k]) => k === keyOf(r))?.[0];
      return { status: 200, body: { value: id ? [{ id }] : [] } };
    }
    const draftMatch = /\/messages\/([^/?]+)(\/send)?/.exec(path);
    if (r.method === 'POST' && !draftMatch) {
      const id = `draft-${drafts.size + sent.size + 1}`;
      const body = r.body as { singleValueExtendedProperties: { value: string }[] };
      drafts.set(id, body.singleValueExtendedProperties[0]?.value ?? '');
      return { status: 201, body: { id } };
    }
    const draftId = draftMatch?.[1] ?? '';
    if (!drafts.has(draftId))
      return { status: 404, body: { error: { code: 'ErrorItemNotFound' } } };
    if (r.method === 'GET') return { status: 200, body: { id: draftId, isDraft: true } };
    sent.set(`sent-${draftId}`, drafts.get(draftId) ?? '');
    drafts.delete(draftId);
    return { status: 202 };
  });
}

let database: Database;
let server: Awaited<ReturnType<typeof mailboxServer>>;
let transport: HttpsTransport;
let graph: GraphResources;
const queues: JobQueue[] = [];

const sends = () =>
  server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/send')).length;

async function queue(): Promise<JobQueue> {
  const q = await startJobQueue(
    database,
    { [GRAPH_SIDE_EFFECTS_QUEUE]: { retryLimit: 3, retryDelaySeconds: 1 } },
    { pollingIntervalSeconds: 0.5 },
  );
  queues.push(q);
  return q;
}

async function until<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 150; i += 1) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const done = (effectId: string) => () =>
  graphSideEffect(database.db, effectId).then((e) => (e?.status === 'done' ? e : undefined));

function briefing(key: string) {
  return {
    partnershipId: 'hsscp',
    key,
    kind: 'mail.send' as const,
    mail: {
      from: 'business-unit',
      key,
      subject: 'Briefing note',
      body: { contentType: 'text' as const, content: 'What we learnt.' },
      to: [{ address: 'lead@agency.example' }],
    },
  };
}

beforeAll(async () => {
  database = await openTestDatabase();
  server = await mailboxServer();
  transport = new HttpsTransport({ trustedCertificate: server.certificate });
  const client = graphClient({
    graphUrl: server.url,
    token: async () => 't',
    transport,
    retry: { ...defaultRetryPolicy, sleep: async () => {} },
  });
  graph = graphResources(client, defaultRetryPolicy);
}, 240_000);

afterAll(async () => {
  for (const q of queues) await q.stop();
  transport.close();
  await server.close();
  await database.close();
});

describe('Graph side effects run as jobs enqueued with the decision', () => {
  it('when the process dies between the decision and the call, then the next start sends the mail once', async () => {
    const before = sends();
    const first = await queue(); // takes decisions, never runs jobs: it "dies" after commit
    const { effectId } = await database.db
      .transaction()
      .execute((trx) => enqueueGraphSideEffect(trx, first, briefing('crash-before-call')));
    await first.stop();
    expect(sends()).toBe(before);

    const second = await queue();
    await second.work<GraphSideEffectJob>(
      GRAPH_SIDE_EFFECTS_QUEUE,
      graphSideEffectHandler(database.db, graph),
    );
    const effect = await until(done(effectId), 'the effect to be done');
    expect(effect).toMatchObject({ status: 'done', attempts: 1 });
    expect(sends()).toBe(before + 1);
    await second.stop();
  });

  it('when the process dies after the mail went and before the job completed, then the retry finds it sent and sends nothing', async () => {
    const before = sends();
    const q = await queue();
    let died = false;
    const handle = graphSideEffectHandler(database.db, {
      ...graph,
      mail: {
        ...graph.mail,
        send: async (mail, progress) => {
          const outcome = await graph.mail.send(mail, progress);
          if (!died) {
            died = true;
            throw new Error('the process died here');
          }
          return outcome;
        },
      },
    });
    await q.work<GraphSideEffectJob>(GRAPH_SIDE_EFFECTS_QUEUE, handle);
    const { effectId } = await database.db
      .transaction()
      .execute((trx) => enqueueGraphSideEffect(trx, q, briefing('crash-after-call')));
    const effect = await until(done(effectId), 'the effect to be done');
    expect(effect).toMatchObject({
      status: 'done',
      attempts: 2,
      result: { status: 'already-sent' },
    });
    expect(sends()).toBe(before + 1);
    await q.stop();
  });

  it('when the same effect is decided twice, then it is one effect; when the decision rolls back, there is none', async () => {
    const q = await queue();
    const once = await database.db
      .transaction()
      .execute((trx) => enqueueGraphSideEffect(trx, q, briefing('decided-twice')));
    const twice = await database.db
      .transaction()
      .execute((trx) => enqueueGraphSideEffect(trx, q, briefing('decided-twice')));
    expect(twice).toEqual({ effectId: once.effectId, enqueued: false });

    await expect(
      database.db.transaction().execute(async (trx) => {
        await enqueueGraphSideEffect(trx, q, briefing('rolled-back'));
        throw new Error('validation failed');
      }),
    ).rejects.toThrow('validation failed');
    const rows = await database.db
      .selectFrom('graph_side_effects')
      .select('effect_key')
      .where('effect_key', 'in', ['decided-twice', 'rolled-back'])
      .execute();
    expect(rows).toEqual([{ effect_key: 'decided-twice' }]);
    const { rows: jobs } = await database.executeSql(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'effectId' = $2`,
      [GRAPH_SIDE_EFFECTS_QUEUE, once.effectId],
    );
    expect(jobs).toEqual([{ n: 1 }]);
    await q.stop();
  });
});

describe('A mailbox out of its 24-hour recipient quota', () => {
  it('when a send would go over the quota, then nothing is sent and the effect comes back after the wait without spending a retry', async () => {
    const enqueued: { data: object; startAfterSeconds: number | undefined }[] = [];
    const jobs = {
      enqueue: async (
        _tx: unknown,
        _queue: string,
        data: object,
        options?: { startAfterSeconds?: number },
      ) => {
        enqueued.push({ data, startAfterSeconds: options?.startAfterSeconds });
        return null;
      },
    };
    const { effectId } = await database.db.transaction().execute((trx) =>
      enqueueGraphSideEffect(trx, jobs, {
        partnershipId: 'hsscp',
        key: 'quota-1',
        kind: 'mail.send',
        mail: {
          from: 'mb',
          key: 'quota-1',
          subject: 'Briefing',
          body: { contentType: 'text', content: 'x' },
          to: [{ address: 'lead@example.org' }],
        },
      }),
    );
    enqueued.length = 0;
    const quotaFull = {
      ...graph,
      mail: {
        ...graph.mail,
        send: () => Promise.reject(new MailboxQuotaError(3_600_000)),
      },
    };
    await graphSideEffectHandler(database.db, quotaFull, jobs)({ effectId });
    expect(enqueued).toEqual([{ data: { effectId }, startAfterSeconds: 3600 }]);
    expect(await graphSideEffect(database.db, effectId)).toMatchObject({
      status: 'pending',
      attempts: 0,
    });
  });
});

describe('Two workers claiming from one outbox', () => {
  /** A second instance's connection on a server; PGlite is one process, so the same one. */
  async function otherInstance(): Promise<Database> {
    const url = (database as Database & { url?: string }).url;
    return url ? openDatabase({ databaseUrl: url }) : { ...database, close: async () => {} };
  }

  /** Mail that reaches Exchange when the test lets it, counting each send. */
  function heldMail() {
    let letGo: () => void = () => {};
    const going = new Promise<void>((resolve) => (letGo = resolve));
    let started: () => void = () => {};
    const reached = new Promise<void>((resolve) => (started = resolve));
    const sent: string[] = [];
    const resources: GraphResources = {
      ...graph,
      mail: {
        ...graph.mail,
        send: async (mail) => {
          started();
          await going;
          sent.push(mail.key);
          return { status: 'sent' as const, sentItemId: undefined };
        },
      },
    };
    return { resources, sent, reached, letGo };
  }

  async function decided(key: string): Promise<string> {
    const jobs = { enqueue: async () => null };
    const { effectId } = await database.db
      .transaction()
      .execute((trx) => enqueueGraphSideEffect(trx, jobs, briefing(key)));
    return effectId;
  }

  it('when two workers take the same effect at once, then only one performs it', async () => {
    const other = await otherInstance();
    const effectId = await decided('two-workers');
    const mail = heldMail();
    const first = graphSideEffectHandler(database.db, mail.resources)({ effectId });
    await mail.reached; // the first holds its claim and is sending
    await graphSideEffectHandler(other.db, mail.resources)({ effectId });
    mail.letGo();
    await first;
    expect(mail.sent).toEqual(['two-workers']);
    expect(await graphSideEffect(database.db, effectId)).toMatchObject({
      status: 'done',
      attempts: 1,
    });
    await other.close();
  });

  it('when the worker holding an effect crashed, then another takes it back once the lease is over, and not before', async () => {
    const other = await otherInstance();
    const effectId = await decided('crashed-claim');
    const mail = heldMail();
    mail.letGo();
    // As a worker left it when its process died mid-send: claimed, its lease still running.
    await database.executeSql(
      `UPDATE graph_side_effects SET attempts = 1, claim_token = gen_random_uuid(),
         claimed_until = now() + interval '1 minute' WHERE id = $1`,
      [effectId],
    );
    // The dead worker's job, taken back before the lease is over: it must come back after.
    const later: { queue: string; data: object; startAfterSeconds?: number }[] = [];
    const comeBack = {
      enqueue: async (_tx: unknown, queue: string, data: object, options?: object) => {
        later.push({ queue, data, ...options });
        return null;
      },
    };
    await graphSideEffectHandler(other.db, mail.resources, comeBack)({ effectId });
    expect(mail.sent).toEqual([]);
    expect(await graphSideEffect(database.db, effectId)).toMatchObject({ status: 'pending' });
    expect(later).toEqual([
      {
        queue: GRAPH_SIDE_EFFECTS_QUEUE,
        data: { effectId },
        startAfterSeconds: expect.any(Number),
      },
    ]);
    expect(later[0]!.startAfterSeconds).toBeGreaterThanOrEqual(60);
    expect(later[0]!.startAfterSeconds).toBeLessThanOrEqual(62);

    await database.executeSql(
      `UPDATE graph_side_effects SET claimed_until = now() - interval '1 second' WHERE id = $1`,
      [effectId],
    );
    await graphSideEffectHandler(other.db, mail.resources)({ effectId });
    expect(mail.sent).toEqual(['crashed-claim']);
    expect(await graphSideEffect(database.db, effectId)).toMatchObject({
      status: 'done',
      attempts: 2,
    });
    await other.close();
  });

  it('when a worker fails, then it lets its claim go and the retry performs the effect at once', async () => {
    const effectId = await decided('failed-then-retried');
    const failing: GraphResources = {
      ...graph,
      mail: { ...graph.mail, send: () => Promise.reject(new Error('Exchange unavailable')) },
    };
    await expect(graphSideEffectHandler(database.db, failing)({ effectId })).rejects.toThrow(
      'Exchange unavailable',
    );
    const mail = heldMail();
    mail.letGo();
    await graphSideEffectHandler(database.db, mail.resources)({ effectId });
    expect(mail.sent).toEqual(['failed-then-retried']);
  });
});
