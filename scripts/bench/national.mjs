#!/usr/bin/env node
// npm run bench:national: several partnerships on one deployment, all busy at once.
// Three instances of the built service share one fresh PostgreSQL database
// (BENCH_DATABASE_URL) behind the local round-robin proxy, serving every configured
// partnership (PARTNERSHIPS=hsscp,stockport,leeds), with one sandbox tenant enforcing
// the Teams and Exchange limits and seeding about 1,600 safeguarding leads in each
// partnership (SANDBOX_LEADS_PER_PARTNERSHIP). In every partnership at once, people
// raise KLOEs from the partnership's team channel over /api/messages (as Teams sends
// a card's Submit, sent again with the same activity id when not answered, as Teams
// retries) and its Business Unit sends one briefing note to its whole circulation
// (X-Pathways-Partnership names the partnership on each API request). Two seconds
// after the first briefing is accepted, one instance that does not hold the sandbox tenant
// (the tenant stands in for Microsoft 365, which does not go down with us) is killed
// with SIGKILL, and started again on its port a few seconds later (BENCH_RESTART=0:
// left dead). When every lead and every KLOE card has arrived (or the deadline
// passes), and the job queue has nothing left to run, the sandbox's record of what it
// delivered is counted (national-counts.mjs), and people acting for each partnership
// read the API for the others' records.
//
// Lifted because this benchmark does not measure it: the bot's own per-conversation
// request limit on /api/messages (RATE_LIMIT_BOT_PER_MINUTE). BRIEFING_UNDO_SECONDS is 0
// (the undo window is not part of the cascade). The last line printed is one JSON
// object; the exit code is 1 when a target is missed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { countNational, kloeSubject, sightingsIn } from './national-counts.mjs';
import {
  api,
  apiAnswer,
  killService,
  kloeReferenceOf,
  kloeSubmitActivity,
  limitBreaches,
  personaToken,
  postgresDatabase,
  root,
  sleep,
  startDeployment,
} from './service.mjs';

const PARTNERSHIPS = (process.env.BENCH_PARTNERSHIPS ?? 'hsscp,stockport,leeds').split(',');
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 3);
const LEADS_PER_PARTNERSHIP = Number(process.env.BENCH_LEADS_PER_PARTNERSHIP ?? 1600);
const KLOES_PER_PARTNERSHIP = Number(process.env.BENCH_KLOES ?? 20);
// KLOEs a second in each partnership: about what its Business Unit channel takes (60 per 30 s).
const KLOE_RATE = Number(process.env.BENCH_KLOE_RATE ?? 1.5);
const KILL_AFTER_SECONDS = Number(process.env.BENCH_KILL_AFTER ?? 2);
const RESTART = process.env.BENCH_RESTART !== '0';
const RESTART_AFTER_SECONDS = Number(process.env.BENCH_RESTART_AFTER ?? 5);
const DEADLINE_SECONDS = Number(process.env.BENCH_DEADLINE ?? 600);
// A job the killed instance was running is taken back 20 to 35 s after the kill
// (bot/src/platform/jobs/job-queue.ts): the count waits at least this long after it.
const ORPHANS_RETRIED_SECONDS = 40;
const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUN = process.pid;

const log = (line) => console.error(`[national ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** The partnership's configuration, as the service loads it. */
function configuration(id) {
  return JSON.parse(readFileSync(join(root, 'core/src/partnerships', `${id}.json`), 'utf8'));
}

/** Retries what a killed instance dropped (the proxy answers 502 until its health check sees it). */
async function retrying(what, attempt) {
  for (let i = 1; ; i += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= 20) throw new Error(`${what}: ${error.message}`, { cause: error });
      if (i <= 3) log(`${what}: ${error.message.slice(0, 200)} (trying again)`);
      await sleep(500 * Math.min(i, 4));
    }
  }
}

/** Every member of a tenant group, read from the sandbox's Graph with the benchmark's own app token. */
async function groupMembers(sandboxUrl, tenantId, groupId) {
  const token = await (
    await fetch(`${sandboxUrl}/${tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'pathways-bench-national',
        client_secret: 'bench',
        scope: 'https://graph.microsoft.com/.default',
      }),
    })
  ).json();
  const members = [];
  let next = `${sandboxUrl}/v1.0/groups/${groupId}/members?$select=id,mail&$top=999`;
  while (next) {
    const page = await (
      await fetch(next, { headers: { authorization: `Bearer ${token.access_token}` } })
    ).json();
    if (!Array.isArray(page.value)) throw new Error(`group ${groupId}: ${JSON.stringify(page)}`);
    members.push(...page.value);
    next = page['@odata.nextLink'];
  }
  return members;
}

/** Each partnership's people, channels and circulation as the sandbox tenant holds them. */
async function partnershipsInTenant(deployment) {
  const state = await (await fetch(`${deployment.sandboxUrl}/api/state`)).json();
  const { tenantId } = await (await fetch(`${deployment.url}/api/config`)).json();
  const result = [];
  for (const id of PARTNERSHIPS) {
    const config = configuration(id);
    const team = state.teams.find((t) => t.name === `${config.shortName} Partnership`);
    const channel = (name) => team?.channels.find((c) => c.name === name)?.id;
    if (!team || !channel('Business Unit'))
      throw new Error(`the sandbox has no team with a Business Unit channel for ${id}`);
    const groupIds = config.agencies
      .filter((a) => config.circulationLists.agencyLeads.includes(a.id))
      .flatMap((a) => a.groups.safeguardingLeads.map((g) => g.id.toLowerCase()));
    const labels = new Set(
      config.agencies.flatMap((a) => a.groups.safeguardingLeads.map((g) => g.label)),
    );
    const leads = new Set();
    for (const groupId of groupIds)
      for (const m of await groupMembers(deployment.sandboxUrl, tenantId, groupId))
        if (m.mail) leads.add(m.mail.toLowerCase());
    // Its own people, not the personas (who are in every team): the Business Unit officer
    // seeded for it, and leads seeded in its groups (their department is the group's label).
    const businessUnit = state.users.find(
      (u) =>
        !u.persona &&
        u.roles.includes('BusinessUnit') &&
        u.companyName === `${config.shortName} Business Unit`,
    );
    const ownLeads = state.users.filter(
      (u) => !u.persona && u.roles.includes('AgencyLead') && labels.has(u.department),
    );
    if (!businessUnit || ownLeads.length === 0)
      throw new Error(`the sandbox has no Business Unit officer or leads of its own for ${id}`);
    result.push({
      id,
      config,
      general: team.id,
      businessUnitChannel: channel('Business Unit'),
      leads,
      businessUnit,
      submitters: ownLeads.slice(0, 5),
      lead: ownLeads[0],
    });
  }
  return result;
}

/** A KLOE raised in the partnership's General channel, resent with the same id until answered. */
async function raiseKloe(deployment, p, n) {
  const who = p.submitters[n % p.submitters.length];
  const subject = kloeSubject(p.id, n, RUN);
  const activity = kloeSubmitActivity({
    id: `national-${p.id}-${n}-${RUN}`,
    sandboxUrl: deployment.sandboxUrl,
    from: who,
    conversation: {
      id: `${p.general};messageid=national-form-${p.id}-${n}-${RUN}`,
      conversationType: 'channel',
    },
    channelData: { team: { id: p.general }, channel: { id: p.general } },
    replyToId: `national-form-${p.id}-${n}-${RUN}`,
    data: {
      organisation: who.companyName,
      contactOfficer: who.displayName,
      subject,
      theme: p.config.themes[0],
    },
  });
  const kloe = { subject, acknowledged: false, resent: 0 };
  const deadline = Date.now() + DEADLINE_SECONDS * 1000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${deployment.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
        signal: AbortSignal.timeout(15_000),
      });
      const body = await res.json().catch(() => undefined);
      if (res.status === 200 && kloeReferenceOf(body)) {
        kloe.acknowledged = true;
        return kloe;
      }
      if (res.status === 200) {
        // Answered with the form again: refused (its errors say why), so never stored.
        kloe.refused = JSON.stringify(body)
          .match(/"text":"Error: [^"]*"/g)
          ?.join(' ');
        return kloe;
      }
    } catch {
      // the instance died under it, or the answer was too slow: Teams would send it again
    }
    kloe.resent += 1;
    await sleep(500 + Math.random() * 1000);
  }
  return kloe;
}

/** The partnership's Business Unit writes a briefing note and sends it to its whole circulation. */
async function sendBriefing(deployment, p, bearer) {
  const title = `National bench briefing ${p.id} ${RUN}`;
  const draft = await retrying(`${p.id}: writing the briefing`, () =>
    api(
      deployment,
      bearer,
      'POST',
      '/api/briefings',
      {
        title,
        kind: 'reactive',
        theme: p.config.themes[0],
        identifiedLearning: 'Concerns about neglect were not shared early enough between agencies.',
        recommendations: ['Share concerns within one working day.'],
        proposedActions: 'Brief every team by the end of the month.',
      },
      p.id,
    ),
  );
  const audience = await retrying(`${p.id}: the audience`, () =>
    api(deployment, bearer, 'GET', '/api/briefings/audience', undefined, p.id),
  );
  await retrying(`${p.id}: sending`, async () => {
    const answer = await apiAnswer(
      deployment,
      bearer,
      'POST',
      `/api/briefings/${draft.id}/send`,
      { audience: { leads: audience.leads, agencies: audience.agencies } },
      p.id,
    );
    if (answer.status === 200) return;
    // A send that went through before its answer was lost is not sent twice.
    const now = await api(deployment, bearer, 'GET', `/api/briefings/${draft.id}`, undefined, p.id);
    if (now.status !== 'draft') return;
    throw new Error(`${answer.status} ${answer.text}`);
  });
  return { id: draft.id, title, audienceLeads: audience.leads };
}

/** Jobs due or running in the queue (pg-boss), the deployment's own maintenance aside: name -> count. */
async function jobsOutstanding(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT name, count(*)::int AS n FROM pgboss.job
        WHERE state IN ('created', 'retry', 'active') AND start_after <= now()
          AND name NOT LIKE '\\_\\_pgboss%'
        GROUP BY name`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.n]));
  } finally {
    await client.end();
  }
}

/**
 * What the API shows someone acting for `viewer` of the other partnerships' records: the
 * Business Unit officer's briefings and queue, acting for their own partnership and (not
 * being a member) claiming another's; and one of their leads' briefings.
 */
async function apiSightings(deployment, partnerships, tokens, leadTokens) {
  const sightings = [];
  const own = {};
  for (const viewer of partnerships) {
    for (const owner of partnerships) {
      const markers = [
        owner.briefing?.id,
        owner.briefing?.title,
        ...owner.kloes.map((k) => k.subject),
      ].filter(Boolean);
      const reads = [
        [tokens[viewer.id], 'GET', '/api/briefings', viewer.id],
        [tokens[viewer.id], 'GET', '/api/queue', viewer.id],
        [leadTokens[viewer.id], 'GET', '/api/lead/briefings', viewer.id],
        ...(owner.briefing
          ? [[tokens[viewer.id], 'GET', `/api/briefings/${owner.briefing.id}`, viewer.id]]
          : []),
        ...(owner.id === viewer.id
          ? []
          : [
              [tokens[viewer.id], 'GET', '/api/briefings', owner.id],
              [tokens[viewer.id], 'GET', '/api/queue', owner.id],
            ]),
      ];
      let count = 0;
      for (const [bearer, method, path, actingFor] of reads) {
        const answer = await apiAnswer(deployment, bearer, method, path, undefined, actingFor);
        if (answer.status >= 200 && answer.status < 300) count += sightingsIn(answer.text, markers);
      }
      if (owner.id === viewer.id) own[owner.id] = count;
      else sightings.push({ viewer: viewer.id, owner: owner.id, count });
    }
  }
  return { sightings, own };
}

async function main() {
  if (INSTANCES < 3 || PARTNERSHIPS.length < 3)
    log(
      `note: ${INSTANCES} instances and ${PARTNERSHIPS.length} partnerships (the targets ask for 3 and 3)`,
    );
  const database = await postgresDatabase(POSTGRES_URL, 'national');
  if (database.error) throw new Error(database.error);
  const dataDir = mkdtempSync(join(tmpdir(), 'pathways-bench-national-'));
  let deployment;
  // Ctrl-C stops the instances and drops the database rather than leave them behind.
  const interrupted = async () => {
    log('interrupted: stopping the instances and dropping the database');
    await deployment?.close().catch(() => undefined);
    await database.drop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    log(`starting ${INSTANCES} instances serving ${PARTNERSHIPS.join(', ')} ...`);
    deployment = await startDeployment(INSTANCES, {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      PARTNERSHIPS: PARTNERSHIPS.join(','),
      SANDBOX_LIMITS: 'enforce',
      SANDBOX_LEADS_PER_PARTNERSHIP: String(LEADS_PER_PARTNERSHIP),
      BRIEFING_UNDO_SECONDS: '0',
      RATE_LIMIT_BOT_PER_MINUTE: '1000000',
    });
    const partnerships = await partnershipsInTenant(deployment);
    for (const p of partnerships)
      log(`${p.id}: ${p.leads.size} leads on its circulation in the tenant's groups`);
    const tokens = {};
    const leadTokens = {};
    for (const p of partnerships) {
      tokens[p.id] = await personaToken(deployment, p.businessUnit.id);
      leadTokens[p.id] = await personaToken(deployment, p.lead.id);
    }

    const started = performance.now();
    const startedAt = Date.now();
    const seconds = () => Math.round((performance.now() - started) / 10) / 100;
    const kloeRuns = partnerships.map((p) =>
      Promise.all(
        Array.from({ length: KLOES_PER_PARTNERSHIP }, async (_, n) => {
          await sleep((n / KLOE_RATE) * 1000);
          return raiseKloe(deployment, p, n + 1);
        }),
      ).then((kloes) => (p.kloes = kloes)),
    );
    // The kill comes a little after the first briefing is accepted, whatever the others are
    // doing, and never to the instance holding the sandbox tenant (index 0).
    let firstAccepted;
    const accepted = new Promise((r) => (firstAccepted = r));
    const briefings = Promise.all(
      partnerships.map(async (p) => {
        p.briefing = await sendBriefing(deployment, p, tokens[p.id]);
        firstAccepted();
        log(`${p.id}: briefing accepted for ${p.briefing.audienceLeads} leads at ${seconds()} s`);
      }),
    );
    const victim = 1 + Math.floor(Math.random() * (INSTANCES - 1));
    const kill = accepted.then(async () => {
      await sleep(KILL_AFTER_SECONDS * 1000);
      const at = seconds();
      await killService(deployment.services[victim]);
      const atMs = Date.now();
      log(`instance ${victim + 1} killed with SIGKILL at ${at} s`);
      if (RESTART) {
        await sleep(RESTART_AFTER_SECONDS * 1000);
        await deployment.restart(victim);
        log(`instance ${victim + 1} started again at ${seconds()} s`);
      }
      return { at, atMs };
    });
    await briefings;
    const { at: killedAt, atMs: killedAtMs } = await kill;
    await Promise.all(kloeRuns);
    log(
      `KLOEs answered: ${partnerships.map((p) => `${p.id} ${p.kloes.filter((k) => k.acknowledged).length}/${p.kloes.length}`).join(', ')} at ${seconds()} s`,
    );
    for (const p of partnerships) {
      const refused = p.kloes.filter((k) => k.refused);
      if (refused.length > 0)
        log(`${p.id}: ${refused.length} KLOEs refused by the form, e.g. ${refused[0].refused}`);
    }

    // Until every lead and every KLOE card has arrived, or the deadline.
    let wallSeconds;
    let counted;
    for (;;) {
      const state = await (await fetch(`${deployment.sandboxUrl}/api/state`)).json();
      counted = countNational({
        partnerships: partnerships.map((p) => ({ ...p, briefingId: p.briefing?.id })),
        state,
      });
      if (counted.lost === 0) {
        // From the first send to the last arrival, by the tenant's own times (it shares our clock).
        wallSeconds =
          counted.lastArrival === undefined
            ? seconds()
            : Math.round((counted.lastArrival - startedAt) / 10) / 100;
        break;
      }
      if (seconds() > DEADLINE_SECONDS) {
        log(`deadline: ${counted.lost} not arrived after ${DEADLINE_SECONDS} s`);
        wallSeconds = seconds();
        break;
      }
      log(`${counted.recipientsReached} leads reached, ${counted.lost} to come (${seconds()} s)`);
      // The tenant's whole state is a large read: not too often, or it slows what it measures.
      await sleep(10_000);
    }
    if (counted.lost === 0) log(`all arrived by ${wallSeconds} s; waiting for the job queue`);

    // Late duplicates come from work the killed instance was doing, run again once the
    // queue takes it back: count once that window has passed and the queue is empty, or
    // a minute after everything arrived (work that delivers nothing counted may go on).
    const settleBy = Math.max(Date.now() + 60_000, killedAtMs + ORPHANS_RETRIED_SECONDS * 1000);
    let outstanding = {};
    for (;;) {
      outstanding = await jobsOutstanding(database.url);
      const orphansBack = Date.now() - killedAtMs > ORPHANS_RETRIED_SECONDS * 1000;
      if ((orphansBack && Object.keys(outstanding).length === 0) || Date.now() > settleBy) break;
      await sleep(2000);
    }
    if (Object.keys(outstanding).length > 0)
      log(`jobs still due or running when counted: ${JSON.stringify(outstanding)}`);

    const { sightings, own } = await apiSightings(deployment, partnerships, tokens, leadTokens);
    const state = await (await fetch(`${deployment.sandboxUrl}/api/state`)).json();
    counted = countNational({
      partnerships: partnerships.map((p) => ({ ...p, briefingId: p.briefing?.id })),
      state,
      sightings,
    });
    const breaches = await limitBreaches(deployment.sandboxUrl);
    for (const [id, c] of Object.entries(counted.byPartnership))
      log(`${id}: ${JSON.stringify({ ...c, ownRecordsSeenThroughApi: own[id] })}`);
    for (const twice of counted.postedTwice)
      log(
        `${twice.partnership}: ${twice.subject} posted ${twice.at.length} times, at ${twice.at.map((t) => `${Math.round((t - startedAt) / 100) / 10} s`).join(', ')} (the kill at ${killedAt} s)`,
      );
    if (breaches.graph.length + breaches.teams.length > 0)
      log(`limits refused: ${JSON.stringify([...breaches.graph, ...breaches.teams].slice(0, 5))}`);
    log(
      `instance ${victim + 1} of ${INSTANCES} was killed at ${killedAt} s and ${RESTART ? `started again ${RESTART_AFTER_SECONDS} s later` : 'left dead'}`,
    );

    const expected = partnerships.reduce((n, p) => n + p.leads.size, 0);
    const result = {
      partnerships: partnerships.length,
      instances: INSTANCES,
      recipientsReached: counted.recipientsReached,
      lost: counted.lost,
      duplicates: counted.duplicates,
      limitViolations: breaches.graph.length + breaches.teams.length,
      crossPartnershipLeaks: counted.crossPartnershipLeaks,
      wallSeconds,
    };
    const met =
      result.partnerships >= 3 &&
      result.instances >= 3 &&
      result.recipientsReached === expected &&
      result.lost === 0 &&
      result.duplicates === 0 &&
      result.limitViolations === 0 &&
      result.crossPartnershipLeaks === 0;
    log(
      `${met ? 'targets met' : 'targets missed'}: ${result.recipientsReached} of ${expected} leads reached`,
    );
    console.log(JSON.stringify(result));
    process.exitCode = met ? 0 : 1;
  } finally {
    await deployment?.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
