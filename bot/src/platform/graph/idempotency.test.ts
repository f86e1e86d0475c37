import { graphClient } from './graph-client';
import { HttpsTransport } from './https-transport';
import {
  graphMail,
  MailNotYetVisibleError,
  PATHWAYS_KEY_PROPERTY,
  type MailProgress,
} from './mail';
import { graphPlanner } from './planner';
import { defaultRetryPolicy, type RetryPolicy } from './retry';
import {
  startScriptedGraph,
  type RecordedRequest,
  type ScriptedAnswer,
} from './test-support/scripted-graph-server';

async function scripted(answer: (r: RecordedRequest) => ScriptedAnswer) {
  const server = await startScriptedGraph(answer);
  const transport = new HttpsTransport({ trustedCertificate: server.certificate });
  const waits: number[] = [];
  const policy: RetryPolicy = {
    ...defaultRetryPolicy,
    random: () => 0,
    sleep: async (ms) => {
      waits.push(ms);
    },
  };
  const client = graphClient({
    graphUrl: server.url,
    token: async () => 't',
    transport,
    retry: policy,
  });
  return {
    client,
    policy,
    waits,
    requests: server.requests,
    close: async () => {
      transport.close();
      await server.close();
    },
  };
}

/** A mailbox whose send can be scripted to fail after (or before) it happened. */
function scriptedMailbox(sendAnswers: ('ok' | 'lost-503' | 'throttled')[]) {
  const box = { draft: undefined as string | undefined, sent: false };
  const answer = (r: RecordedRequest): ScriptedAnswer => {
    const path = decodeURIComponent(r.path);
    if (r.method === 'GET' && path.includes('/mailFolders/sentitems/messages')) {
      expect(path).toContain(PATHWAYS_KEY_PROPERTY);
      return { status: 200, body: { value: box.sent ? [{ id: 'sent-1' }] : [] } };
    }
    if (r.method === 'GET' && path.includes('/mailFolders/drafts/messages')) {
      return { status: 200, body: { value: box.draft ? [{ id: box.draft }] : [] } };
    }
    if (r.method === 'GET' && path.startsWith('/v1.0/users/mb/messages/')) {
      return box.draft
        ? { status: 200, body: { id: box.draft, isDraft: true } }
        : { status: 404, body: { error: { code: 'ErrorItemNotFound' } } };
    }
    if (r.method === 'POST' && path === '/v1.0/users/mb/messages') {
      box.draft = 'draft-1';
      return { status: 201, body: { id: 'draft-1' } };
    }
    if (r.method === 'POST' && path === '/v1.0/users/mb/messages/draft-1/send') {
      const next = sendAnswers.shift() ?? 'ok';
      if (next === 'throttled') {
        return { status: 429, headers: { 'Retry-After': '4' }, body: { error: { code: 'x' } } };
      }
      box.draft = undefined;
      box.sent = true;
      return next === 'ok' ? { status: 202 } : { status: 503, body: { error: { code: 'x' } } };
    }
    return { status: 400, body: { error: { code: 'Unexpected' } } };
  };
  return { box, answer };
}

const mail = {
  from: 'mb',
  key: 'briefing-7:cleveland-police',
  subject: 'Briefing note',
  body: { contentType: 'text' as const, content: 'Learning from the review.' },
  to: [{ address: 'lead@agency.example' }],
};

const posts = (requests: RecordedRequest[], suffix: string) =>
  requests.filter((r) => r.method === 'POST' && r.path.endsWith(suffix)).length;

describe('Mail sent once per key', () => {
  it('when the send is carried out but answered 503, then the gateway finds it in Sent Items and does not send again', async () => {
    const { answer } = scriptedMailbox(['lost-503']);
    const s = await scripted(answer);
    const outcome = await graphMail(s.client, s.policy).send(mail);
    expect(outcome).toEqual({ status: 'sent', sentItemId: 'sent-1' });
    expect(posts(s.requests, '/send')).toBe(1);
    expect(posts(s.requests, '/users/mb/messages')).toBe(1);
    expect(s.requests.some((r) => r.path.includes('sendMail'))).toBe(false);
    await s.close();
  });

  it('when the send is throttled, then it waits Retry-After, looks in Sent Items, and sends the same draft', async () => {
    const { answer } = scriptedMailbox(['throttled', 'ok']);
    const s = await scripted(answer);
    await graphMail(s.client, s.policy).send(mail);
    expect(posts(s.requests, '/send')).toBe(2);
    expect(posts(s.requests, '/users/mb/messages')).toBe(1);
    expect(s.waits[0]).toBeGreaterThanOrEqual(4_000);
    const order = s.requests.map((r) =>
      r.method === 'POST' ? r.path.split('/').pop() : r.path.includes('sentitems') ? 'look' : '',
    );
    const secondSend = order.lastIndexOf('send');
    expect(order.slice(order.indexOf('send') + 1, secondSend)).toContain('look');
    await s.close();
  });

  it('when the draft was created, carries our header and property, and the key was already sent, then nothing is posted', async () => {
    const { answer, box } = scriptedMailbox([]);
    const s = await scripted(answer);
    await graphMail(s.client, s.policy).send(mail);
    const draft = s.requests.find(
      (r) => r.method === 'POST' && r.path === '/v1.0/users/mb/messages',
    );
    expect(draft?.body).toMatchObject({
      internetMessageHeaders: [{ name: 'x-pathways-key', value: mail.key }],
      singleValueExtendedProperties: [{ id: PATHWAYS_KEY_PROPERTY, value: mail.key }],
    });
    expect(box.sent).toBe(true);
    const before = s.requests.length;
    expect(await graphMail(s.client, s.policy).send(mail)).toMatchObject({
      status: 'already-sent',
    });
    expect(s.requests.slice(before).every((r) => r.method === 'GET')).toBe(true);
    await s.close();
  });

  it('when a crash came after the send was asked for and Sent Items does not show it yet, then it is not sent again', async () => {
    const { answer } = scriptedMailbox([]);
    const s = await scripted(answer);
    const progress = {
      state: { draftId: 'draft-1', sendRequested: true } as MailProgress,
      save: async () => {},
    };
    await expect(graphMail(s.client, s.policy).send(mail, progress)).rejects.toBeInstanceOf(
      MailNotYetVisibleError,
    );
    expect(s.requests.every((r) => r.method === 'GET')).toBe(true);
    await s.close();
  });
});

describe('Planner updates with If-Match', () => {
  function scriptedTask() {
    const task = {
      id: 'task-1',
      planId: 'plan-1',
      title: 'Review [KLOE-1]',
      percentComplete: 0,
      etag: 'W/"1"',
    };
    const answer = (r: RecordedRequest): ScriptedAnswer => {
      if (r.method === 'GET') return { status: 200, body: { ...task, '@odata.etag': task.etag } };
      if (r.headers['if-match'] !== task.etag) {
        return { status: 412, body: { error: { code: 'PreconditionFailed' } } };
      }
      Object.assign(task, r.body, { etag: `W/"${Number(task.etag.slice(3, -1)) + 1}"` });
      return { status: 200, body: { ...task, '@odata.etag': task.etag } };
    };
    return { task, answer };
  }

  it('when the etag is stale, then the task is read again and the change reapplied on the fresh etag', async () => {
    const { task, answer } = scriptedTask();
    task.etag = 'W/"5"'; // someone else changed it since we read W/"1"
    const s = await scripted(answer);
    const outcome = await graphPlanner(s.client).updateTask(
      'task-1',
      'W/"1"',
      { percentComplete: 50 },
      (current) => (current.percentComplete < 50 ? { percentComplete: 50 } : undefined),
    );
    expect(outcome).toMatchObject({
      status: 'updated',
      task: { percentComplete: 50, etag: 'W/"6"' },
    });
    expect(
      s.requests.filter((r) => r.method === 'PATCH').map((r) => r.headers['if-match']),
    ).toEqual(['W/"1"', 'W/"5"']);
    await s.close();
  });

  it('when the etag is stale and the change no longer applies, then the conflict is reported, not forced', async () => {
    const { task, answer } = scriptedTask();
    task.etag = 'W/"9"';
    task.percentComplete = 100;
    const s = await scripted(answer);
    const outcome = await graphPlanner(s.client).updateTask(
      'task-1',
      'W/"1"',
      { percentComplete: 50 },
      (current) => (current.percentComplete < 50 ? { percentComplete: 50 } : undefined),
    );
    expect(outcome).toMatchObject({ status: 'conflict', current: { percentComplete: 100 } });
    expect(s.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    await s.close();
  });
});
