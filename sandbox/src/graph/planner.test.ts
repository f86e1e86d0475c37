import { SANDBOX_PERSONAS, SANDBOX_PLANNER, type SandboxServer } from '../index';
import { appToken, sandboxGraphClient, userGraphToken } from '../test/graphClient';
import { hsscpAgencyLeads } from '../tenant/directory';
import { defaultTeams } from '../tenant/topology';
import { withSandbox } from '../test/helpers';

const dana = SANDBOX_PERSONAS.find((p) => p.roles.includes('DevelopmentManager'))!;
const { planId, buckets } = SANDBOX_PLANNER;

describe('Microsoft Graph Planner', () => {
  let sandbox: SandboxServer;
  let app: string;
  beforeAll(async () => {
    sandbox = await withSandbox();
    app = await appToken(sandbox);
  });
  afterAll(() => sandbox.close());

  it("when the partnership's plan is read, then its buckets are there with etags", async () => {
    const client = sandboxGraphClient(sandbox, app);
    const plan = await client.api(`/planner/plans/${planId}`).get();
    expect(plan).toMatchObject({ id: planId, title: 'HSSCP Partnership' });
    const list = await client.api(`/planner/plans/${planId}/buckets`).get();
    expect(list.value.map((b: { id: string }) => b.id)).toEqual(Object.values(buckets));
    expect(list.value[0]['@odata.etag']).toMatch(/^W\/"/);
  });

  it('when a task is created and changed with If-Match, then a stale etag is 412, a missing one 400, and the current one works', async () => {
    const client = sandboxGraphClient(sandbox, app);
    const task = await client.api('/planner/tasks').post({
      planId,
      bucketId: buckets.recommendations,
      title: 'Recommendation 1: agree the escalation route',
      assignments: {
        [dana.id]: { '@odata.type': '#microsoft.graph.plannerAssignment', orderHint: ' !' },
      },
    });
    expect(task).toMatchObject({ planId, bucketId: buckets.recommendations, percentComplete: 0 });
    expect(Object.keys(task.assignments)).toEqual([dana.id]);
    const etag = task['@odata.etag'];

    const res = await client
      .api(`/planner/tasks/${task.id}`)
      .header('If-Match', etag)
      .patch({ percentComplete: 50 });
    expect(res).toBeUndefined(); // 204 No Content
    await expect(
      client
        .api(`/planner/tasks/${task.id}`)
        .header('If-Match', etag)
        .patch({ percentComplete: 100 }),
    ).rejects.toMatchObject({ statusCode: 412 });
    await expect(
      client.api(`/planner/tasks/${task.id}`).patch({ percentComplete: 100 }),
    ).rejects.toMatchObject({
      statusCode: 400,
    });

    const fresh = await client.api(`/planner/tasks/${task.id}`).get();
    expect(fresh.percentComplete).toBe(50);
    const done = await client
      .api(`/planner/tasks/${task.id}`)
      .header('If-Match', fresh['@odata.etag'])
      .header('Prefer', 'return=representation')
      .patch({ percentComplete: 100, bucketId: buckets.done });
    expect(done).toMatchObject({ percentComplete: 100, bucketId: buckets.done });
    expect(done.completedDateTime).not.toBeNull();
  });

  it("when a task's details get a reference marking it as ours, then the task's referenceCount follows", async () => {
    const client = sandboxGraphClient(sandbox, app);
    const task = await client.api('/planner/tasks').post({ planId, title: 'Marked task' });
    const details = await client.api(`/planner/tasks/${task.id}/details`).get();
    expect(details).toMatchObject({ id: task.id, description: '', references: {}, checklist: {} });
    const key = encodeURIComponent('https://pathways.example/recommendations/42').replace(
      /\./g,
      '%2E',
    );
    await client
      .api(`/planner/tasks/${task.id}/details`)
      .header('If-Match', details['@odata.etag'])
      .patch({
        description: 'Created by Pathways.',
        references: {
          [key]: {
            '@odata.type': 'microsoft.graph.plannerExternalReference',
            alias: 'Pathways',
            type: 'Other',
          },
        },
        checklist: {
          'a1b2c3d4-0000-4000-8000-000000000001': {
            '@odata.type': 'microsoft.graph.plannerChecklistItem',
            title: 'Tell the agency',
          },
        },
      });
    const after = await client.api(`/planner/tasks/${task.id}`).get();
    expect(after).toMatchObject({
      hasDescription: true,
      referenceCount: 1,
      checklistItemCount: 1,
      activeChecklistItemCount: 1,
    });
    expect(after['@odata.etag']).not.toBe(task['@odata.etag']);
    const read = await client.api(`/planner/tasks/${task.id}/details`).get();
    expect(read.references[key]).toMatchObject({ alias: 'Pathways', type: 'Other' });
  });

  it("when a plan's tasks are listed with $top, then @odata.nextLink pages through them all", async () => {
    const client = sandboxGraphClient(sandbox, app);
    for (let i = 0; i < 5; i++)
      await client.api('/planner/tasks').post({ planId, title: `Paged ${i}` });
    const all = await client.api(`/planner/plans/${planId}/tasks`).get();
    const first = await client.api(`/planner/plans/${planId}/tasks`).top(3).get();
    expect(first.value).toHaveLength(3);
    const seen = [...first.value];
    let next: string | undefined = first['@odata.nextLink'];
    while (next) {
      const page = await client.api(next).get();
      seen.push(...page.value);
      next = page['@odata.nextLink'];
    }
    expect(seen.map((t: { id: string }) => t.id)).toEqual(
      all.value.map((t: { id: string }) => t.id),
    );
  });

  it('when a task would have more than 20 assignees, then Planner answers 403', async () => {
    const client = sandboxGraphClient(sandbox, app);
    const assignments = Object.fromEntries(
      hsscpAgencyLeads()
        .slice(0, 21)
        .map(({ user: u }) => [
          u.id,
          { '@odata.type': '#microsoft.graph.plannerAssignment', orderHint: ' !' },
        ]),
    );
    await expect(
      client.api('/planner/tasks').post({ planId, title: 'Too many', assignments }),
    ).rejects.toMatchObject({
      statusCode: 403,
      code: 'MaximumAssigneesInTasks',
    });
  });

  it("when a signed-in user is not in the plan's group, then Planner answers 403; a member reads it", async () => {
    const pat = SANDBOX_PERSONAS.find((p) => p.roles.includes('Practitioner'))!;
    const teams = defaultTeams().map((t) => ({ ...t, memberIds: [dana.id] }));
    const small = await withSandbox({ teams });
    try {
      const outsider = sandboxGraphClient(small, await userGraphToken(small, pat.id));
      await expect(outsider.api(`/planner/plans/${planId}`).get()).rejects.toMatchObject({
        statusCode: 403,
      });
      const member = sandboxGraphClient(small, await userGraphToken(small, dana.id));
      expect((await member.api(`/planner/plans/${planId}`).get()).id).toBe(planId);
    } finally {
      await small.close();
    }
  });
});
