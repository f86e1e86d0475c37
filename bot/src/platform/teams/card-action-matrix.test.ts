import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addWorkingDays, londonDate, ROLES, type Role } from '@pathways/core';
import { SANDBOX_PERSONAS, SANDBOX_ROLE_GROUPS, type Persona } from '@pathways/sandbox';
import { startHarness, type Harness } from '../../test-support/harness';
import { CARD_ACTION_ACCESS, type CardAccess } from '../../test-support/route-matrix';
import { considerationValues } from '../../serious-cases/test-fixtures';

// The card half of the role-by-endpoint matrix: every Adaptive Card action the
// bot acts on, taken over /api/messages (as Teams sends it) by a caller of
// every role, is allowed or refused as CARD_ACTION_ACCESS says. A refused
// action changes nothing and shows nothing of the record.

type Outcome = 'allowed' | 'refused';
type Card = { fallbackText: string; body: unknown[]; actions?: unknown[] };
interface Caller {
  label: string;
  persona: Persona;
  roles: readonly Role[];
}

let seq = 0;
const nextId = (what: string) => `${what}-${(seq += 1)}`;
const today = new Date().toISOString().slice(0, 10);
const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
/** The Engine Room meets on a working day. */
const meetingDay = addWorkingDays(londonDate(new Date()), 20);

const kloeValues = (subject: string) => ({
  form: 'kloe',
  organisation: 'Cleveland Police',
  contactOfficer: 'Pat Practitioner',
  subject,
  theme: 'Multi-agency working',
  details: `Details of ${subject}: strategy discussions held without health colleagues.`,
  actionWanted: 'Review the invitation list.',
});

const challengeValues = {
  form: 'challenge',
  raisingOrganisation: 'Cleveland Police',
  receivingOrganisation: 'Hartlepool Borough Council',
  raisedDate: '2026-10-01',
  resolvedDate: '2026-10-20',
  resolutionStage: 'Stage 2: line manager to line manager',
  outcome: 'practice-changed',
  about: 'A strategy discussion was not convened after a second referral about neglect.',
  learning: 'Second referrals need a manager’s review within one working day.',
};

/** The Business Unit's shared mailbox: a user in the directory holding no Pathways role. */
const NO_ROLE: Persona = {
  id: '00000000-0000-4000-a000-000000000001',
  displayName: 'HSSCP Business Unit',
  userPrincipalName: 'business.unit@hsscp.sandbox.example',
  mail: 'business.unit@hsscp.sandbox.example',
  jobTitle: '',
  agency: 'HSSCP Business Unit',
  roles: [],
};

/**
 * The message-extension actions Teams will send, from the app manifest: for each action command,
 * `composeExtension/fetchTask` (when it opens a dialog from the bot) and `composeExtension/submitAction`.
 */
function messageExtensionActions(): string[] {
  const manifest = JSON.parse(
    readFileSync(join(__dirname, '../../../../manifest/appPackage/manifest.json'), 'utf8'),
  ) as {
    composeExtensions?: {
      commands?: { id: string; type?: string; fetchTask?: boolean }[];
    }[];
  };
  return (manifest.composeExtensions ?? [])
    .flatMap((e) => e.commands ?? [])
    .filter((c) => c.type === 'action')
    .flatMap((c) => [
      ...(c.fetchTask ? [`composeExtension/fetchTask ${c.id}`] : []),
      `composeExtension/submitAction ${c.id}`,
    ]);
}

type TaskBody = { task: { type: string; value: unknown } };

function expected(
  access: CardAccess,
  caller: Caller,
  submitter: Persona,
  addressee: Persona,
): Outcome {
  if (access === 'anyone') return 'allowed';
  if (access === 'submitter') return caller.persona.id === submitter.id ? 'allowed' : 'refused';
  if (access === 'addressee') return caller.persona.id === addressee.id ? 'allowed' : 'refused';
  return caller.roles.some((r) => access.includes(r)) ? 'allowed' : 'refused';
}

/** Drives each action once for a caller and reports what happened, from the stored records. */
function probes(h: Harness) {
  const db = () => h.service.database.db;
  const invoke = async (persona: Persona, verb: string, data: object) => {
    const res = await h.send(
      h.cardAction(persona, `a:chat-${persona.id}`, nextId(verb), verb, data, nextId('card')),
    );
    expect(res.status).toBe(200);
    return (res.body as { value: Card }).value;
  };
  const pat = h.persona('Practitioner');
  const billie = h.persona('BusinessUnit');
  // Cards sent to one person: Ash, a lead of the schools (asked to nominate; invited to attend).
  const ash = h.persona('AgencyLead');
  const schools = 'Colleges, schools and early years settings';
  let activeLearning: Promise<string> | undefined;
  const activeLearningSet = () =>
    (activeLearning ??= (async () => {
      const kloe = await raiseKloe('Active Learning in the matrix');
      const res = await h.api(billie, 'POST', '/api/active-learning', {
        plan: { recordType: 'kloe', recordId: kloe.id },
        agencies: [schools],
        values: {
          theme: 'Neglect',
          kind: 'focus-group',
          description: 'How agencies recognise neglect of adolescents.',
          plannedFrom: inAMonth,
          plannedTo: inAMonth,
          nominationsBy: inAMonth,
        },
      });
      if (res.status !== 201) throw new Error(`no Active Learning: ${JSON.stringify(res.body)}`);
      return (res.body as { id: string }).id;
    })());
  const raiseKloe = async (subject: string) => {
    const receipt = await invoke(pat, 'kloe.submit', kloeValues(subject));
    const reference = /KLOE-\d{4}-\d{4,}/.exec(receipt.fallbackText)![0];
    const row = await db()
      .selectFrom('kloes')
      .select(['id', 'version', 'reference'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    return row;
  };
  const kloeVersion = async (id: string) =>
    (
      await db()
        .selectFrom('kloes')
        .select('version')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).version;
  const triage = (verb: string, data: (other: string) => object) => async (caller: Caller) => {
    const kloe = await raiseKloe(nextId('triage subject'));
    const other = await raiseKloe(nextId('other subject'));
    const card = await invoke(caller.persona, verb, {
      kloeId: kloe.id,
      version: kloe.version,
      ...data(other.reference),
    });
    const changed = (await kloeVersion(kloe.id)) !== kloe.version;
    if (!changed && JSON.stringify(card).includes('Action.ShowCard')) {
      throw new Error(`${caller.label} was offered the triage actions but ${verb} changed nothing`);
    }
    return changed ? ('allowed' as const) : ('refused' as const);
  };

  const run: Record<string, (caller: Caller) => Promise<Outcome>> = {
    'kloe.submit': async (caller) => {
      const activityId = nextId('kloe.submit');
      await h.send(
        h.cardAction(
          caller.persona,
          `a:chat-${caller.persona.id}`,
          activityId,
          'kloe.submit',
          kloeValues('Submitted in the matrix'),
          'card-0',
        ),
      );
      const row = await db()
        .selectFrom('kloes')
        .select('submitted_by_id')
        .where('submission_key', '=', activityId)
        .executeTakeFirst();
      return row?.submitted_by_id === caller.persona.id ? 'allowed' : 'refused';
    },
    'kloe.refresh': async (caller) => {
      const kloe = await raiseKloe('Seen only by those who follow KLOEs');
      const card = JSON.stringify(
        await invoke(caller.persona, 'kloe.refresh', { kloeId: kloe.id }),
      );
      const shows = card.includes('Seen only by those who follow KLOEs');
      const showsReference = card.includes(kloe.reference);
      if (shows !== showsReference) throw new Error('a card showed part of a KLOE');
      return shows ? 'allowed' : 'refused';
    },
    'kloe.accept': triage('kloe.accept', () => ({ meetingDate: meetingDay })),
    'kloe.ask': triage('kloe.ask', () => ({ question: 'Which teams does this affect?' })),
    'kloe.decline': triage('kloe.decline', () => ({ reason: 'Not a multi-agency matter.' })),
    'kloe.link': triage('kloe.link', (other) => ({ otherReference: other, linkKind: 'related' })),
    'kloe.answer': async (caller) => {
      const kloe = await raiseKloe(nextId('asked'));
      await invoke(billie, 'kloe.ask', {
        kloeId: kloe.id,
        version: kloe.version,
        question: 'Which teams does this affect?',
      });
      const question = await db()
        .selectFrom('kloe_questions')
        .select('id')
        .where('kloe_id', '=', kloe.id)
        .executeTakeFirstOrThrow();
      await invoke(caller.persona, 'kloe.answer', {
        kloeId: kloe.id,
        questionId: question.id,
        answer: 'The east locality teams.',
      });
      const after = await db()
        .selectFrom('kloe_questions')
        .select('answer')
        .where('id', '=', question.id)
        .executeTakeFirstOrThrow();
      return after.answer === null ? 'refused' : 'allowed';
    },
    'consideration.step': async (caller) => {
      const card = await invoke(caller.persona, 'consideration.step', {
        step: 'local-authority',
        laInformed: 'yes',
        laInformedDate: today,
      });
      return JSON.stringify(card).includes('Step 2 of 5: The child') ? 'allowed' : 'refused';
    },
    'consideration.back': async (caller) => {
      const card = await invoke(caller.persona, 'consideration.back', { step: 'child' });
      return JSON.stringify(card).includes('Step 1 of 5') ? 'allowed' : 'refused';
    },
    'consideration.restart': async (caller) => {
      const card = await invoke(caller.persona, 'consideration.restart', {});
      return JSON.stringify(card).includes('Step 1 of 5') ? 'allowed' : 'refused';
    },
    'consideration.submit': async (caller) => {
      const activityId = nextId('consideration.submit');
      await h.send(
        h.cardAction(
          caller.persona,
          `a:chat-${caller.persona.id}`,
          activityId,
          'consideration.submit',
          { form: 'consideration', ...considerationValues(today) },
          'card-0',
        ),
      );
      const row = await db()
        .selectFrom('serious_cases')
        .select('submitted_by_id')
        .where('submission_key', '=', activityId)
        .executeTakeFirst();
      return row?.submitted_by_id === caller.persona.id ? 'allowed' : 'refused';
    },
    'composeExtension/fetchTask raiseKloe': async (caller) => {
      const res = await h.send(
        h.invoke(
          caller.persona,
          `a:chat-${caller.persona.id}`,
          nextId('me-fetch'),
          'composeExtension/fetchTask',
          {
            commandId: 'raiseKloe',
            commandContext: 'message',
            messagePayload: { body: { contentType: 'html', content: '<p>Seen at a meeting</p>' } },
          },
        ),
      );
      expect(res.status).toBe(200);
      const { task } = res.body as TaskBody;
      // Allowed: the KLOE form opens, with the message as its details.
      const opened = task.type === 'continue' && JSON.stringify(task.value).includes('kloe.submit');
      return opened ? 'allowed' : 'refused';
    },
    'composeExtension/submitAction raiseKloe': async (caller) => {
      const activityId = nextId('me-submit');
      const res = await h.send(
        h.invoke(
          caller.persona,
          `a:chat-${caller.persona.id}`,
          activityId,
          'composeExtension/submitAction',
          { commandId: 'raiseKloe', data: kloeValues('Raised from a message in the matrix') },
        ),
      );
      expect(res.status).toBe(200);
      const row = await db()
        .selectFrom('kloes')
        .select('submitted_by_id')
        .where('submission_key', '=', activityId)
        .executeTakeFirst();
      return row?.submitted_by_id === caller.persona.id ? 'allowed' : 'refused';
    },
    'challenge.submit': async (caller) => {
      const activityId = nextId('challenge.submit');
      await h.send(
        h.cardAction(
          caller.persona,
          `a:chat-${caller.persona.id}`,
          activityId,
          'challenge.submit',
          challengeValues,
          'card-0',
        ),
      );
      const row = await db()
        .selectFrom('professional_challenges')
        .select('submitted_by_id')
        .where('submission_key', '=', activityId)
        .executeTakeFirst();
      return row?.submitted_by_id === caller.persona.id ? 'allowed' : 'refused';
    },
    'active-learning.nominate': async (caller) => {
      const setId = await activeLearningSet();
      await invoke(caller.persona, 'active-learning.nominate', {
        setId,
        nominee1: '00000000-0000-4000-b000-000000000081',
      });
      const row = await db()
        .selectFrom('active_learning_nominations')
        .select('id')
        .where('set_id', '=', setId)
        .where('nominated_by_id', '=', caller.persona.id)
        .executeTakeFirst();
      return row ? 'allowed' : 'refused';
    },
    'partnership.choose': async (caller) => {
      // One partnership served: everyone Teams identifies is in it.
      const card = await invoke(caller.persona, 'partnership.choose', { partnership: 'hsscp' });
      return card.fallbackText === 'This chat is now for HSSCP' ? 'allowed' : 'refused';
    },
    'engine-room.invitation.answer': async (caller) => {
      const kloe = await raiseKloe(nextId('invitation'));
      const invited = await h.api(billie, 'POST', `/api/records/kloe/${kloe.id}/invitations`, {
        agency: schools,
        personId: ash.id,
        meetingDate: meetingDay,
      });
      const [invitation] = (invited.body as { invitations: { id: string }[] }).invitations;
      await invoke(caller.persona, 'engine-room.invitation.answer', {
        invitationId: invitation!.id,
        response: 'accept',
      });
      const row = await db()
        .selectFrom('engine_room_invitations')
        .select('status')
        .where('id', '=', invitation!.id)
        .executeTakeFirstOrThrow();
      return row.status === 'invited' ? 'refused' : 'allowed';
    },
  };
  return { run, invoke, raiseKloe, kloeVersion, pat, billie, ash };
}

async function mismatches(h: Harness, callers: Caller[], verbs = Object.keys(CARD_ACTION_ACCESS)) {
  const { run, pat, ash } = probes(h);
  const found: string[] = [];
  for (const verb of verbs) {
    for (const caller of callers) {
      const want = expected(CARD_ACTION_ACCESS[verb]!, caller, pat, ash);
      const got = await run[verb]!(caller);
      if (got !== want) found.push(`${verb} as ${caller.label}: ${got}, expected ${want}`);
    }
  }
  return found;
}

describe('the card-action matrix', () => {
  let h: Harness;
  beforeAll(async () => {
    // Jobs are not run: posting cards is not what this test is about.
    h = await startHarness({}, { workers: false });
  }, 240_000);
  afterAll(async () => {
    await h.close();
  });

  const callers = (): Caller[] => [
    { label: 'no role', persona: NO_ROLE, roles: [] },
    ...ROLES.filter((r) => r !== 'DevelopmentManager').map((role) => ({
      label: role,
      persona: h.persona(role),
      roles: [role],
    })),
    // The sandbox's Development Manager is also in the Engine Room (the describe below takes her alone).
    {
      label: 'DevelopmentManager and EngineRoom',
      persona: h.persona('DevelopmentManager'),
      roles: ['DevelopmentManager', 'EngineRoom'],
    },
    // Another practitioner than the one who raised the records.
    { label: 'Practitioner (not the submitter)', persona: sol(), roles: ['Practitioner'] },
  ];
  const sol = () => SANDBOX_PERSONAS.find((p) => p.displayName === 'Sol Practitioner')!;

  it('when the bot acts on a card verb or the manifest declares a message-extension action, then the matrix says who may take it', () => {
    expect(messageExtensionActions()).toEqual([
      'composeExtension/fetchTask raiseKloe',
      'composeExtension/submitAction raiseKloe',
    ]);
    expect([...h.service.cardVerbs, ...messageExtensionActions()].sort()).toEqual(
      Object.keys(CARD_ACTION_ACCESS).sort(),
    );
  });

  it('when every role takes every card action, then each is allowed or refused as the matrix says', async () => {
    expect(await mismatches(h, callers())).toEqual([]);
  }, 120_000);

  it('when a card carries a verb the bot does not know, then it says the card is out of date', async () => {
    const { invoke } = probes(h);
    const card = await invoke(h.persona('BusinessUnit'), 'kloe.delete', { kloeId: 'x' });
    expect(card.fallbackText).toBe('This card is out of date');
  });

  it('when a card’s data claims another person or role, then the caller is still who Teams says and is refused', async () => {
    const { invoke, raiseKloe, kloeVersion, billie } = probes(h);
    const pat = h.persona('Practitioner');
    const kloe = await raiseKloe('Claimed to be the Business Unit');
    const claims = {
      from: { aadObjectId: billie.id, name: billie.displayName },
      actor: { aadObjectId: billie.id, name: billie.displayName },
      aadObjectId: billie.id,
      userId: billie.id,
      roles: ['BusinessUnit'],
      actorRoles: ['BusinessUnit'],
      role: 'BusinessUnit',
    };
    const card = await invoke(pat, 'kloe.accept', {
      kloeId: kloe.id,
      version: kloe.version,
      meetingDate: meetingDay,
      ...claims,
    });
    expect(card.fallbackText).toBe('Not available to you');
    expect(JSON.stringify(card)).not.toContain('Claimed to be the Business Unit');
    expect(await kloeVersion(kloe.id)).toBe(kloe.version);

    // A submission claiming to come from someone else is recorded as the caller's.
    const activityId = nextId('claimed-submit');
    await h.send(
      h.cardAction(pat, `a:chat-${pat.id}`, activityId, 'consideration.submit', {
        form: 'consideration',
        ...considerationValues(today),
        submittedBy: { aadObjectId: billie.id, name: billie.displayName },
        ...claims,
      }),
    );
    const row = await h.service.database.db
      .selectFrom('serious_cases')
      .select(['submitted_by_id', 'submitted_by_name'])
      .where('submission_key', '=', activityId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ submitted_by_id: pat.id, submitted_by_name: pat.displayName });

    // So is a KLOE raised from a message whose dialog data claims someone else.
    const fromMessage = nextId('claimed-message-action');
    await h.send(
      h.invoke(pat, `a:chat-${pat.id}`, fromMessage, 'composeExtension/submitAction', {
        commandId: 'raiseKloe',
        data: { ...kloeValues('Claimed from a message'), ...claims },
      }),
    );
    const raised = await h.service.database.db
      .selectFrom('kloes')
      .select(['submitted_by_id', 'submitted_by_name'])
      .where('submission_key', '=', fromMessage)
      .executeTakeFirstOrThrow();
    expect(raised).toEqual({ submitted_by_id: pat.id, submitted_by_name: pat.displayName });
  });
});

describe('the card-action matrix for a Development Manager alone', () => {
  let h: Harness;
  beforeAll(async () => {
    // Every sandbox Development Manager is also in the Engine Room: this
    // deployment maps only the Development Manager's group (and the Business
    // Unit's, which asks the questions), so she holds that role alone.
    h = await startHarness(
      {
        ROLE_GROUPS: `DevelopmentManager=${SANDBOX_ROLE_GROUPS.DevelopmentManager},BusinessUnit=${SANDBOX_ROLE_GROUPS.BusinessUnit}`,
      },
      { workers: false },
    );
  }, 240_000);
  afterAll(async () => {
    await h.close();
  });

  it('when a Development Manager alone takes every card action, then each is allowed or refused as the matrix says', async () => {
    const dana = h.persona('DevelopmentManager');
    expect(
      await mismatches(h, [
        { label: 'DevelopmentManager', persona: dana, roles: ['DevelopmentManager'] },
      ]),
    ).toEqual([]);
  }, 240_000);
});
