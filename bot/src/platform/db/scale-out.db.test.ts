import { executorFor, openDatabase, type Database } from './database';
import { migrateToLatest } from './migrate';
import { openTestDatabase } from './test-database';
import { startJobQueue } from '../jobs/job-queue';

// Several stateless instances share one PostgreSQL server. These need real
// concurrent connections, which only a server gives (PGlite is one connection).
const onServer = process.env.DATABASE_URL ? describe : describe.skip;

onServer('several instances on one PostgreSQL server', () => {
  let shared: Database & { url?: string };
  const instances: Database[] = [];

  beforeAll(async () => {
    shared = await openTestDatabase();
    for (let i = 0; i < 3; i += 1) instances.push(await openDatabase({ databaseUrl: shared.url }));
  });
  afterAll(async () => {
    for (const db of instances) await db.close();
    await shared.close();
  });

  it('when instances migrate at the same time, then every migration is applied exactly once', async () => {
    // openTestDatabase migrated already; roll the record back to simulate a fresh deploy.
    await shared.executeSql(
      'DROP TABLE conversation_partnerships, pacing_leases, pacing_slots, form_drafts, record_lifecycle, teams_post_attempts, planner_buckets, recommendation_events, newsletter_drafts, circulation_done, partnership_events, briefing_reminders, briefing_impact_reports, briefing_cascades, briefing_acknowledgements, briefing_recipients, briefing_messages, briefings, engine_room_invitations, active_learning_attendance, active_learning_nominations, active_learning_leads, active_learning_agencies, active_learning_sets, graph_side_effects, professional_challenges, serious_case_reminders, serious_cases, record_outcomes, record_recommendations, record_activities, record_evidence, record_events, queue_items, rate_limit_hits, kloe_events, kloe_links, kloe_questions, kloes, reference_counters, audit_head_signatures, audit_chain_heads, audit_events, conversation_references, activity_receipts',
    );
    await shared.executeSql('DELETE FROM kysely_migration');
    const applied = await Promise.all(instances.map((i) => migrateToLatest(i.db)));
    expect(applied.flat()).toEqual([
      '0001_foundation',
      '0002_kloes',
      '0003_kloe_triage',
      '0005_audit_chain',
      '0006_rate_limits',
      '0007_engine_room',
      '0008_graph_side_effects',
      '0009_serious_cases',
      '0010_briefings',
      '0012_recommendations',
      '0013_reports',
      '0014_retention',
      '0015_active_learning',
      '0016_newsletter_briefings',
      '0017_retention_cover',
      '0018_definer_search_path',
      '0019_request_hash_and_signed_heads',
      '0020_post_attempts',
      '0021_form_drafts',
      '0022_record_lifecycle',
      '0023_partnership_isolation',
      '0024_shared_pacing',
      '0025_side_effect_claims',
      '0026_conversation_partnerships',
      '0027_post_claims',
    ]);
  });

  it('when three workers poll one queue, then each job is handled by exactly one of them', async () => {
    const handledBy = new Map<number, number[]>();
    const queues = await Promise.all(
      instances.map((db) =>
        startJobQueue(db, { 'scale-out': {} }, { pollingIntervalSeconds: 0.5 }),
      ),
    );
    await Promise.all(
      queues.map((q, worker) =>
        q.work<{ n: number }>('scale-out', async ({ n }) => {
          handledBy.set(n, [...(handledBy.get(n) ?? []), worker]);
        }),
      ),
    );
    await instances[0]!.db.transaction().execute(async (trx) => {
      for (let n = 0; n < 30; n += 1)
        await queues[0]!.enqueue(executorFor(trx), 'scale-out', { n });
    });
    for (let i = 0; i < 100 && handledBy.size < 30; i += 1)
      await new Promise((r) => setTimeout(r, 200));
    await Promise.all(queues.map((q) => q.stop()));
    expect(handledBy.size).toBe(30);
    expect([...handledBy.values()].every((workers) => workers.length === 1)).toBe(true);
  });
});
