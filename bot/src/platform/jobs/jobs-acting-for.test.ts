import type { PartnershipContext } from '../db/database';
import { jobsActingFor, type JobQueue } from './job-queue';

/** A queue that keeps what is enqueued and hands each job to the worker of its queue. */
function queueInMemory() {
  const sent: { queue: string; data: object }[] = [];
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
      workers.set(name, handler as (data: object, jobId: string) => Promise<void>);
    },
    wake: () => {},
    schedule: async () => {},
    stop: async () => {},
  };
  const run = (name: string, data: object) => workers.get(name)!(data, 'job-1');
  return { queue, sent, run };
}

const noTransaction = { executeSql: async () => ({ rows: [] }) };

describe('a job queue acting for one partnership', () => {
  it('when a job is enqueued or ensured, then its payload names the partnership', async () => {
    const { queue, sent } = queueInMemory();
    const jobs = jobsActingFor(queue, { partnershipId: 'hsscp' });
    await jobs.enqueue(noTransaction, 'post-kloe', { kloeId: 'k1' });
    await jobs.ensure('post-kloe', { kloeId: 'k2' });
    expect(sent).toEqual([
      { queue: 'post-kloe', data: { kloeId: 'k1', partnership_id: 'hsscp' } },
      { queue: 'post-kloe', data: { kloeId: 'k2', partnership_id: 'hsscp' } },
    ]);
  });

  it('when its job runs, then the handler gets the payload and the partnership it is for', async () => {
    const { queue, run } = queueInMemory();
    const seen: [object, PartnershipContext | undefined][] = [];
    await jobsActingFor(queue, { partnershipId: 'hsscp' }).work(
      'post-kloe',
      async (data, _id, context) => {
        seen.push([data, context]);
      },
    );
    await run('post-kloe', { kloeId: 'k1', partnership_id: 'hsscp' });
    // Enqueued before payloads named a partnership (or a schedule's run): the deployment's.
    await run('post-kloe', { kloeId: 'k0' });
    expect(seen).toEqual([
      [{ kloeId: 'k1' }, { partnershipId: 'hsscp' }],
      [{ kloeId: 'k0' }, { partnershipId: 'hsscp' }],
    ]);
  });

  it('when a job names another partnership, then it is not run for this one', async () => {
    const { queue, run } = queueInMemory();
    const handler = jest.fn(async () => {});
    await jobsActingFor(queue, { partnershipId: 'hsscp' }).work('post-kloe', handler);
    await expect(run('post-kloe', { kloeId: 'k9', partnership_id: 'stockport' })).rejects.toThrow(
      'Job job-1 on post-kloe is for partnership "stockport", which this deployment does not serve.',
    );
    expect(handler).not.toHaveBeenCalled();
  });
});
