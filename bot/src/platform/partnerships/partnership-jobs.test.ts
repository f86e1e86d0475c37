import type { PartnershipContext } from '../db/database';
import type { JobQueue } from '../jobs/job-queue';
import { partnershipJobs } from './partnership-jobs';

/** A queue that keeps what is enqueued, its schedules and its workers (one a queue, or it says so). */
function queueInMemory() {
  const sent: { queue: string; data: object }[] = [];
  const schedules: string[] = [];
  const workers = new Map<string, (data: object, jobId: string) => Promise<void>>();
  const queue: JobQueue = {
    enqueue: async (_tx, name, data) => {
      sent.push({ queue: name, data });
      return `job-${sent.length}`;
    },
    ensure: async (name, data) => {
      sent.push({ queue: name, data });
      return true;
    },
    work: async (name, handler) => {
      if (workers.has(name)) throw new Error(`two workers on ${name}`);
      workers.set(name, handler as (data: object, jobId: string) => Promise<void>);
    },
    wake: () => {},
    schedule: async (name, cron) => {
      schedules.push(`${name} ${cron}`);
    },
    stop: async () => {},
  };
  const run = (name: string, data: object) => workers.get(name)!(data, 'job-1');
  return { queue, sent, schedules, workers, run };
}

const noTransaction = { executeSql: async () => ({ rows: [] }) };

async function twoPartnerships() {
  const memory = queueInMemory();
  const routed = partnershipJobs(memory.queue, ['hsscp', 'stockport']);
  const seen: [string, object, PartnershipContext | undefined][] = [];
  for (const partnershipId of ['hsscp', 'stockport']) {
    const jobs = routed.actingFor({ partnershipId });
    await jobs.work('post-kloe', async (data, _id, context) => {
      seen.push([partnershipId, data, context]);
    });
    await jobs.schedule('check-deadlines', '0 7 * * *');
    await jobs.work('check-deadlines', async (data, _id, context) => {
      seen.push([partnershipId, data, context]);
    });
  }
  await routed.startWorkers();
  return { ...memory, routed, seen };
}

describe('one job queue serving several partnerships', () => {
  it('when each partnership works a queue, then the instance has one worker for it', async () => {
    const { workers } = await twoPartnerships();
    expect([...workers.keys()]).toEqual(['post-kloe', 'check-deadlines']);
  });

  it('when a Stockport job runs, then Stockport’s handler runs it with Stockport’s context', async () => {
    const { run, seen } = await twoPartnerships();
    await run('post-kloe', { kloeId: 'k1', partnership_id: 'stockport' });
    expect(seen).toEqual([['stockport', { kloeId: 'k1' }, { partnershipId: 'stockport' }]]);
  });

  it('when a partnership enqueues, then the job names it', async () => {
    const { routed, sent } = await twoPartnerships();
    await routed.actingFor({ partnershipId: 'stockport' }).enqueue(noTransaction, 'post-kloe', {
      kloeId: 'k2',
    });
    expect(sent).toEqual([
      { queue: 'post-kloe', data: { kloeId: 'k2', partnership_id: 'stockport' } },
    ]);
  });

  it('when a job names a partnership the deployment does not serve, then it fails saying so', async () => {
    const { run, seen } = await twoPartnerships();
    await expect(run('post-kloe', { kloeId: 'k3', partnership_id: 'elsewhere' })).rejects.toThrow(
      'Job job-1 on post-kloe is for partnership "elsewhere", which this deployment does not serve (it serves hsscp, stockport).',
    );
    expect(seen).toEqual([]);
  });

  it('when a schedule runs, then it becomes one job for each partnership, and both asking made one schedule', async () => {
    const { run, sent, schedules, seen } = await twoPartnerships();
    expect(schedules).toEqual(['check-deadlines 0 7 * * *']);
    await run('check-deadlines', {});
    expect(sent).toEqual([
      { queue: 'check-deadlines', data: { partnership_id: 'hsscp' } },
      { queue: 'check-deadlines', data: { partnership_id: 'stockport' } },
    ]);
    expect(seen).toEqual([]);
    await run('check-deadlines', sent[1]!.data);
    expect(seen).toEqual([['stockport', {}, { partnershipId: 'stockport' }]]);
  });

  it('when a job from before payloads named a partnership runs, then it is the default partnership’s', async () => {
    const { run, seen } = await twoPartnerships();
    await run('post-kloe', { kloeId: 'k4' });
    expect(seen).toEqual([['hsscp', { kloeId: 'k4' }, { partnershipId: 'hsscp' }]]);
  });

  it('when the workers have started, then no more work can be given', async () => {
    const { routed } = await twoPartnerships();
    await expect(
      routed.actingFor({ partnershipId: 'hsscp' }).work('late', async () => {}),
    ).rejects.toThrow('work is given before start');
  });
});
