import { loadPartnership, resolveAgency, type RecommendationView } from '@pathways/core';
import { SANDBOX_PLANNER } from '@pathways/sandbox';
import { graphSideEffectHandler } from '../platform/graph/side-effects';
import type { PlannerTask } from '../platform/graph/planner';
import { kloeStore } from '../kloe/kloe-store';
import { startHarness, type Harness } from '../test-support/harness';

// Sandbox tests: the whole service against the sandbox tenant's Planner. Jobs are not
// worked (workers: false) so each test runs the side effects and polls itself, in order.
let h: Harness;
const LEAD_AGENCY = 'Colleges, schools and early years settings';
const planId = SANDBOX_PLANNER.planId;

const db = () => h.service.database.db;
const graph = () => h.service.graph;
const sync = () => h.service.planner!;

async function tasksWithMarker(marker: string): Promise<PlannerTask[]> {
  const found: PlannerTask[] = [];
  for await (const page of graph().planner.taskPages(planId))
    found.push(...page.filter((t) => t.title.includes(`[${marker}]`)));
  return found;
}

/** Runs pending side effects (as the job would), until none is left or tries run out. */
async function runEffects(
  handler = graphSideEffectHandler(db(), graph(), undefined, sync().effects),
  tries = 20,
): Promise<void> {
  for (let i = 0; i < tries; i += 1) {
    const pending = await db()
      .selectFrom('graph_side_effects')
      .select('id')
      .where('status', '=', 'pending')
      .where('kind', 'like', 'recommendation.%')
      .execute();
    if (pending.length === 0) return;
    for (const { id } of pending) await handler({ effectId: id }).catch(() => undefined);
  }
  throw new Error('side effects still pending');
}

let kloe: { id: string; reference: string };
let counter = 0;

async function recordRecommendation(
  text: string,
  dueDate = '2027-03-31',
  owningAgency = LEAD_AGENCY,
) {
  const eli = h.persona('EngineRoom');
  const res = await h.api(eli, 'POST', `/api/records/kloe/${kloe.id}/recommendations`, {
    text: `${text} (${(counter += 1)})`,
    owningAgency,
    dueDate,
  });
  expect(res.status).toBe(201);
  const row = await db()
    .selectFrom('record_recommendations')
    .select(['id', 'reference'])
    .orderBy('created_at', 'desc')
    .orderBy('reference', 'desc')
    .executeTakeFirstOrThrow();
  return row;
}

const view = async (id: string) =>
  (await h.api(h.persona('DevelopmentManager'), 'GET', `/api/recommendations/${id}`))
    .body as RecommendationView;

beforeAll(async () => {
  h = await startHarness({}, { workers: false });
  const store = kloeStore(db(), h.service.jobs);
  ({ kloe } = await store.submit({
    partnershipId: 'hsscp',
    submissionKey: 'planner-sync-kloe',
    values: {
      organisation: 'Cleveland Police',
      contactOfficer: 'Pat Practitioner',
      subject: 'Escalation guidance not used',
      theme: 'Neglect',
      details: 'Practitioners did not know the escalation route.',
      actionWanted: 'Review the guidance.',
    },
    submittedBy: { aadObjectId: 'pat', name: 'Pat Practitioner' },
    receipt: { conversationReference: {}, activityId: undefined },
    at: new Date(),
  }));
}, 240_000);

afterAll(async () => {
  await h.close();
});

describe('recommendations become Planner tasks', () => {
  it('when a recommendation is recorded and the job dies after Planner made the task, then the retry finds it: one task, in its source’s bucket, assigned to the agency’s lead, linked back', async () => {
    const rec = await recordRecommendation('Revise the escalation guidance');
    const effect = await db()
      .selectFrom('graph_side_effects')
      .select('id')
      .where('effect_key', '=', `recommendation:${rec.id}:task`)
      .executeTakeFirstOrThrow();

    // The first attempt creates the task, then the process dies before storing its id.
    const planner = graph().planner;
    const createTask = planner.createTask;
    planner.createTask = async (task) => {
      await createTask(task);
      throw new Error('the process died here');
    };
    try {
      await expect(
        graphSideEffectHandler(db(), graph(), undefined, sync().effects)({ effectId: effect.id }),
      ).rejects.toThrow('the process died here');
    } finally {
      planner.createTask = createTask;
    }
    expect(await tasksWithMarker(rec.reference)).toHaveLength(1);

    await graphSideEffectHandler(db(), graph(), undefined, sync().effects)({ effectId: effect.id });
    const done = await db()
      .selectFrom('graph_side_effects')
      .select(['status', 'attempts', 'result'])
      .where('id', '=', effect.id)
      .executeTakeFirstOrThrow();
    expect(done).toMatchObject({ status: 'done', attempts: 2, result: { created: false } });

    const [task] = await tasksWithMarker(rec.reference);
    expect(await tasksWithMarker(rec.reference)).toHaveLength(1);
    const ash = h.persona('AgencyLead');
    expect(Object.keys(task!.assignments)).toEqual([ash.id]);
    expect(task!.dueDateTime?.slice(0, 10)).toBe('2027-03-31');
    const buckets = await graph().batch([
      { id: 'b', method: 'GET', url: `/planner/buckets/${task!.bucketId}` },
      { id: 'd', method: 'GET', url: `/planner/tasks/${task!.id}/details` },
    ]);
    expect(buckets.get('b')?.body).toMatchObject({ name: 'Recommendations: KLOEs' });
    const references = (buckets.get('d')?.body as { references: Record<string, { alias: string }> })
      .references;
    expect(Object.values(references)).toEqual([
      expect.objectContaining({ alias: `Pathways ${rec.reference}` }),
    ]);
    expect(Object.keys(references)[0]).toContain('recommendations');

    const shown = await view(rec.id);
    expect(shown).toMatchObject({
      reference: rec.reference,
      source: 'kloe',
      sourceRecord: { type: 'kloe', id: kloe.id, reference: kloe.reference },
      owner: ash.displayName,
      status: 'open',
      theme: 'Neglect',
    });
  });

  it('when Graph answers 429, 503 or loses responses, then each recommendation is still one task and its changes arrive once', async () => {
    const recs = [
      await recordRecommendation('Audit strategy meeting attendance'),
      await recordRecommendation('Train reception staff on escalation'),
      await recordRecommendation('Publish the revised threshold document'),
    ];
    h.service.sandbox!.setFaults({
      rate: 0.35,
      seed: 8,
      kinds: ['429', '503', 'lost'],
      retryAfterSeconds: 0,
    });
    try {
      await runEffects(undefined, 40);
    } finally {
      h.service.sandbox!.setFaults(undefined);
    }
    const injected = h.service.sandbox!.faultsInjected();
    expect(injected['429']).toBeGreaterThan(0);
    expect(injected['503'] + injected.lost).toBeGreaterThan(0);
    for (const rec of recs) expect(await tasksWithMarker(rec.reference)).toHaveLength(1);
    const buckets = await db().selectFrom('planner_buckets').selectAll().execute();
    expect(buckets.filter((b) => b.name === 'Recommendations: KLOEs')).toHaveLength(1);

    // Changes sent under the same faults (a lost PATCH answer is replayed on a new etag).
    const dana = h.persona('DevelopmentManager');
    for (const rec of recs) {
      const { version } = await view(rec.id);
      const res = await h.api(dana, 'PATCH', `/api/recommendations/${rec.id}`, {
        dueDate: '2027-10-29',
        percentComplete: 30,
        expectedVersion: version,
      });
      expect(res.status).toBe(200);
    }
    h.service.sandbox!.setFaults({
      rate: 0.35,
      seed: 9,
      kinds: ['429', '503', 'lost'],
      retryAfterSeconds: 0,
    });
    try {
      await runEffects(undefined, 40);
    } finally {
      h.service.sandbox!.setFaults(undefined);
    }
    for (const rec of recs) {
      const [task] = await tasksWithMarker(rec.reference);
      expect(task).toMatchObject({ percentComplete: 30 });
      expect(task!.dueDateTime?.slice(0, 10)).toBe('2027-10-29');
      const shown = await view(rec.id);
      expect(shown).toMatchObject({ percentComplete: 30, dueDate: '2027-10-29' });
      expect(shown.history.some((e) => e.action.startsWith('kept the later edit'))).toBe(false);
    }
  });
});

/** The object ids in a partnership's safeguarding leads groups for one of its agencies. */
async function leadsInGroupsOf(partnershipId: string, agency: string): Promise<Set<string>> {
  const groups = resolveAgency(loadPartnership(partnershipId), agency)!.groups.safeguardingLeads;
  const members = await Promise.all(groups.map((g) => graph().users.groupMembers(g.id)));
  return new Set(members.flat().map((u) => u.id));
}

describe('who a task is assigned to: the acting partnership’s lead for the agency', () => {
  // Probation sits in both HSSCP and Stockport: Stockport's probation leads' organisation
  // is "Probation Service" too, and they hold the agency-lead role in the same tenant.
  const PROBATION = 'Probation Service';

  it('when Stockport has leads of a same-named agency, then an HSSCP recommendation’s task goes to an HSSCP lead of it, whatever order the directory lists leads in', async () => {
    const hsscpLeads = await leadsInGroupsOf('hsscp', PROBATION);
    const stockportLeads = await leadsInGroupsOf('stockport', PROBATION);
    expect(stockportLeads.size).toBeGreaterThan(0);
    for (const id of stockportLeads) expect(hsscpLeads.has(id)).toBe(false);

    const rec = await recordRecommendation(
      'Share pre-sentence reports with children’s social care',
      '2027-03-31',
      PROBATION,
    );
    // Stockport's leads listed first among the agency leads.
    const people = graph().people;
    const membersOf = people.membersOf;
    people.membersOf = async (role) => {
      const all = await membersOf(role);
      return role === 'AgencyLead'
        ? [
            ...all.filter((id) => stockportLeads.has(id)),
            ...all.filter((id) => !stockportLeads.has(id)),
          ]
        : all;
    };
    try {
      await runEffects();
    } finally {
      people.membersOf = membersOf;
    }

    const [task] = await tasksWithMarker(rec.reference);
    const assigned = Object.keys(task!.assignments);
    expect(assigned).toHaveLength(1);
    expect(hsscpLeads.has(assigned[0]!)).toBe(true);
    expect(stockportLeads.has(assigned[0]!)).toBe(false);
    const shown = await view(rec.id);
    expect(shown.owner).not.toMatch(/Stockport/);
  });

  it('when a recommendation is held under the agency’s former name, then its task still goes to the agency’s lead', async () => {
    const rec = await recordRecommendation(
      'Joint supervision of young adults leaving care',
      '2027-03-31',
      PROBATION,
    );
    // Recorded before the Community Rehabilitation Companies were folded into the Probation Service.
    await db()
      .updateTable('record_recommendations')
      .set({ owning_agency: 'Durham Tees Valley Community Rehabilitation Company' })
      .where('id', '=', rec.id)
      .execute();
    await runEffects();

    const [task] = await tasksWithMarker(rec.reference);
    const assigned = Object.keys(task!.assignments);
    expect(assigned).toHaveLength(1);
    expect((await leadsInGroupsOf('hsscp', PROBATION)).has(assigned[0]!)).toBe(true);
  });
});

describe('two-way sync with Planner', () => {
  it('when progress and the due date change in Planner, then the poll (every page) brings them back', async () => {
    // Enough tasks before ours that it is on the plan's second page.
    for (let i = 0; i < 105; i += 1)
      await graph().planner.createTask({ planId, title: 'Other work', marker: `filler-${i}` });
    const rec = await recordRecommendation('Share learning on neglect thresholds');
    await runEffects();
    const [task] = await tasksWithMarker(rec.reference);
    await graph().planner.updateTask(task!.id, task!.etag, {
      percentComplete: 50,
      dueDateTime: '2027-06-30T12:00:00Z',
    });

    const polled = await sync().poll();
    expect(polled.pages).toBeGreaterThan(1);
    expect(polled.changed).toBe(1);
    const shown = await view(rec.id);
    expect(shown).toMatchObject({
      percentComplete: 50,
      dueDate: '2027-06-30',
      status: 'in-progress',
    });
    expect(shown.history.map((e) => `${e.by} ${e.action}`)).toEqual(
      expect.arrayContaining([
        'Planner changed the progress to 50% in Planner',
        'Planner changed the due date to 2027-06-30 in Planner',
      ]),
    );
    // Nothing changed since: the next poll takes nothing in.
    expect((await sync().poll()).changed).toBe(0);
  }, 240_000);

  it('when the Development Manager changes the due date after Planner changed progress, then the stale etag is re-read and both changes stand', async () => {
    const rec = await recordRecommendation('Refresh the multi-agency audit tool');
    await runEffects();
    const [task] = await tasksWithMarker(rec.reference);
    await graph().planner.updateTask(task!.id, task!.etag, { percentComplete: 25 });

    const before = await view(rec.id);
    const dana = h.persona('DevelopmentManager');
    const patched = await h.api(dana, 'PATCH', `/api/recommendations/${rec.id}`, {
      dueDate: '2027-09-30',
      expectedVersion: before.version,
    });
    expect(patched.status).toBe(200);
    await runEffects();

    const [now] = await tasksWithMarker(rec.reference);
    expect(now).toMatchObject({ percentComplete: 25 });
    expect(now!.dueDateTime?.slice(0, 10)).toBe('2027-09-30');
    expect(await view(rec.id)).toMatchObject({
      percentComplete: 25,
      dueDate: '2027-09-30',
      status: 'in-progress',
    });
  });

  it('when both sides change the due date, then the later edit is kept and the other is recorded in the history and audit trail', async () => {
    const rec = await recordRecommendation('Agree a joint supervision model');
    await runEffects();
    const [task] = await tasksWithMarker(rec.reference);
    await graph().planner.updateTask(task!.id, task!.etag, {
      dueDateTime: '2027-04-30T12:00:00Z',
    });
    // Pathways last saw the task unchanged before the Development Manager's edit: theirs is later.
    const before = await view(rec.id);
    const dana = h.persona('DevelopmentManager');
    await h.api(dana, 'PATCH', `/api/recommendations/${rec.id}`, {
      dueDate: '2027-05-31',
      expectedVersion: before.version,
    });
    await runEffects();

    const [now] = await tasksWithMarker(rec.reference);
    expect(now!.dueDateTime?.slice(0, 10)).toBe('2027-05-31');
    const shown = await view(rec.id);
    expect(shown.dueDate).toBe('2027-05-31');
    expect(shown.history.map((e) => e.action)).toContain(
      'kept the later edit of the due date (2027-05-31, from Pathways); the earlier Planner value was 2027-04-30',
    );
    const audit = await db()
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', rec.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('recommendation.sync-conflict');
  });
});

describe('completion and impact testing', () => {
  it('when the task is completed in Planner, then impact testing is scheduled after the configured interval, and its result closes the loop', async () => {
    const rec = await recordRecommendation('Introduce a neglect screening tool');
    await runEffects();
    const [task] = await tasksWithMarker(rec.reference);
    await graph().planner.updateTask(task!.id, task!.etag, { percentComplete: 100 });
    await sync().poll();

    const completed = await view(rec.id);
    expect(completed.status).toBe('completed');
    const effect = await db()
      .selectFrom('graph_side_effects')
      .select(['id'])
      .where('kind', '=', 'recommendation.createImpactTask')
      .where('payload', '@>', JSON.stringify({ recommendationId: rec.id }) as never)
      .executeTakeFirstOrThrow();
    // The job waits IMPACT_TEST_AFTER_DAYS (default 90) before it may run.
    const { rows } = await h.service.database.executeSql(
      `SELECT extract(epoch FROM start_after - now()) / 86400 AS days FROM pgboss.job WHERE data->>'effectId' = $1`,
      [effect.id],
    );
    expect(Number((rows[0] as { days: number }).days)).toBeGreaterThan(89);
    expect(completed.impactTestDue).not.toBeNull();

    // Ninety days on, the job runs.
    await graphSideEffectHandler(db(), graph(), undefined, sync().effects)({ effectId: effect.id });
    const [impactTask] = await tasksWithMarker(`${rec.reference}-IMPACT`);
    expect(impactTask).toBeDefined();
    expect(impactTask!.bucketId).toBe(SANDBOX_PLANNER.buckets.impactTesting);
    // The Development Manager, who sits on the Engine Room and sees each one through to impact.
    const dana = h.persona('DevelopmentManager');
    expect(Object.keys(impactTask!.assignments)).toEqual([dana.id]);
    const testing = await view(rec.id);
    expect(testing.status).toBe('impact-testing');
    expect(testing.history.map((e) => e.action)).toContain(
      `scheduled impact testing: a task for the Engine Room in Planner, assigned to ${dana.displayName} (Development Manager)`,
    );

    const eli = h.persona('EngineRoom');
    const result = await h.api(eli, 'POST', `/api/recommendations/${rec.id}/impact`, {
      evidence: 'Audit of 20 cases: the tool was used in 18.',
      rating: 'strong',
    });
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({
      status: 'closed',
      impact: { rating: 'strong', evidence: 'Audit of 20 cases: the tool was used in 18.' },
    });
    await runEffects();
    const [closedTask] = await tasksWithMarker(`${rec.reference}-IMPACT`);
    expect(closedTask!.percentComplete).toBe(100);
  });

  it('when no Development Manager is in the tenant, then the impact-testing task is made unassigned and the history says why', async () => {
    const rec = await recordRecommendation('Check the revised referral pathway is used');
    await runEffects();
    const [task] = await tasksWithMarker(rec.reference);
    await graph().planner.updateTask(task!.id, task!.etag, { percentComplete: 100 });
    await sync().poll();
    const effect = await db()
      .selectFrom('graph_side_effects')
      .select(['id'])
      .where('kind', '=', 'recommendation.createImpactTask')
      .where('payload', '@>', JSON.stringify({ recommendationId: rec.id }) as never)
      .executeTakeFirstOrThrow();

    const people = graph().people;
    const membersOf = people.membersOf;
    people.membersOf = async (role) => (role === 'DevelopmentManager' ? [] : membersOf(role));
    try {
      await graphSideEffectHandler(
        db(),
        graph(),
        undefined,
        sync().effects,
      )({ effectId: effect.id });
    } finally {
      people.membersOf = membersOf;
    }
    const [impactTask] = await tasksWithMarker(`${rec.reference}-IMPACT`);
    expect(impactTask).toBeDefined();
    expect(impactTask!.assignments).toEqual({});
    expect((await view(rec.id)).history.map((e) => e.action)).toContain(
      'scheduled impact testing: a task for the Engine Room in Planner (no Development Manager is in the tenant to assign it to)',
    );
  });
});
