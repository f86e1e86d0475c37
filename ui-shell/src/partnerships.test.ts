import { ApiClient, isChoosePartnership } from './api';
import {
  canChangePartnership,
  decidePartnership,
  partnershipChoiceKey,
  partnershipHeaders,
  partnershipLabel,
  rememberedPartnership,
  rememberPartnership,
  PARTNERSHIP_HEADER,
} from './partnerships';
import type { Partnership } from './types';

const hsscp: Partnership = {
  id: 'hsscp',
  name: 'Hartlepool and Stockton-on-Tees Safeguarding Children Partnership',
  shortName: 'HSSCP',
};
const stockport: Partnership = {
  id: 'stockport',
  name: 'Stockport Safeguarding Children Partnership',
  shortName: 'SSCP',
};
const personId = '6f1c2a8e-1111-4a2b-9c3d-000000000042';

/** Session storage as a browser keeps it, in memory. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('Which partnership a signed-in person acts for', () => {
  it('when the service lists no partnerships, then nothing is asked and no partnership is named', () => {
    expect(decidePartnership(undefined, undefined)).toEqual({ kind: 'unlisted' });
    expect(decidePartnership([], 'hsscp')).toEqual({ kind: 'unlisted' });
  });

  it('when they belong to one partnership, then it is that one without asking', () => {
    expect(decidePartnership([hsscp], undefined)).toEqual({
      kind: 'decided',
      partnership: hsscp,
    });
    expect(decidePartnership([hsscp], 'stockport')).toEqual({
      kind: 'decided',
      partnership: hsscp,
    });
  });

  it('when they belong to two and have not chosen, then they are asked, offered both', () => {
    expect(decidePartnership([hsscp, stockport], undefined)).toEqual({
      kind: 'choose',
      partnerships: [hsscp, stockport],
    });
  });

  it('when they belong to two and chose one this session, then it is that one', () => {
    expect(decidePartnership([hsscp, stockport], 'stockport')).toEqual({
      kind: 'decided',
      partnership: stockport,
    });
  });

  it('when the partnership they chose is no longer theirs, then they are asked again', () => {
    expect(decidePartnership([hsscp, stockport], 'elsewhere').kind).toBe('choose');
  });

  it('when they belong to two or more, then they can change partnership; with one, they cannot', () => {
    expect(canChangePartnership([hsscp, stockport])).toBe(true);
    expect(canChangePartnership([hsscp])).toBe(false);
    expect(canChangePartnership(undefined)).toBe(false);
  });

  it('when a partnership is offered, then its name carries its short name', () => {
    expect(partnershipLabel(hsscp)).toBe(
      'Hartlepool and Stockton-on-Tees Safeguarding Children Partnership (HSSCP)',
    );
    expect(partnershipLabel({ id: 'x', name: 'XSCP', shortName: 'XSCP' })).toBe('XSCP');
  });
});

describe('The partnership header', () => {
  it('when a partnership is known, then calls name it; before that, they carry no header', () => {
    expect(partnershipHeaders('stockport')).toEqual({ 'X-Pathways-Partnership': 'stockport' });
    expect(partnershipHeaders(undefined)).toEqual({});
  });
});

describe('Remembering the choice for the session', () => {
  it('when a person chooses, then it is kept for them alone, as the partnership id and nothing else', () => {
    const storage = memoryStorage();
    rememberPartnership(storage, personId, 'stockport');
    expect(rememberedPartnership(storage, personId)).toBe('stockport');
    expect(rememberedPartnership(storage, 'someone-else')).toBeUndefined();
    expect([...storage.items.values()]).toEqual(['stockport']);
    const [key] = [...storage.items.keys()];
    expect(key).toBe(partnershipChoiceKey(personId));
    expect(key).not.toContain(personId);
  });

  it('when the choice is forgotten, then nothing is left', () => {
    const storage = memoryStorage();
    rememberPartnership(storage, personId, 'stockport');
    rememberPartnership(storage, personId, undefined);
    expect(storage.items.size).toBe(0);
  });

  it('when storage is blocked, then nothing is remembered and nothing fails', () => {
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(() => rememberPartnership(blocked, personId, 'hsscp')).not.toThrow();
    expect(rememberedPartnership(blocked, personId)).toBeUndefined();
    expect(rememberedPartnership(undefined, personId)).toBeUndefined();
  });
});

describe('API calls acting for a partnership', () => {
  const realFetch = globalThis.fetch;
  let sent: Headers[];
  let answer: () => Response;

  beforeEach(() => {
    sent = [];
    answer = () => Response.json({ ok: true });
    globalThis.fetch = jest.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      sent.push(new Headers(init?.headers));
      return answer();
    });
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  const signedIn = new ApiClient(async () => 'token');

  it('when a partnership is chosen, then every call carries its header beside the token', async () => {
    const api = signedIn.forPartnership({ id: 'stockport' });
    await api.get('/api/queue');
    await api.post('/api/kloes', {}, { 'Idempotency-Key': 'k' });
    await api.patch('/api/records/1', {});
    await api.download('/api/reports/quarterly', 'application/octet-stream');
    expect(sent.map((h) => h.get(PARTNERSHIP_HEADER))).toEqual([
      'stockport',
      'stockport',
      'stockport',
      'stockport',
    ]);
    expect(sent.every((h) => h.get('Authorization') === 'Bearer token')).toBe(true);
  });

  it('when no partnership is known, then calls carry no partnership header', async () => {
    await signedIn.get('/api/me');
    expect(sent[0]?.has(PARTNERSHIP_HEADER)).toBe(false);
  });

  it('when the service answers 409 ChoosePartnership, then the chooser is asked for and the call still fails', async () => {
    answer = () =>
      Response.json(
        {
          error: {
            code: 'ChoosePartnership',
            message: 'You belong to more than one partnership. Choose the one you are working for.',
          },
        },
        { status: 409 },
      );
    const onChoosePartnership = jest.fn();
    const api = signedIn.forPartnership({ onChoosePartnership });
    const failed = await api.get('/api/queue').catch((error: unknown) => error);
    expect(isChoosePartnership(failed)).toBe(true);
    expect(onChoosePartnership).toHaveBeenCalledTimes(1);
  });

  it('when the service refuses for another reason, then the chooser is not asked for', async () => {
    answer = () =>
      Response.json({ error: { code: 'Conflict', message: 'Changed since.' } }, { status: 409 });
    const onChoosePartnership = jest.fn();
    const failed = await signedIn
      .forPartnership({ id: 'hsscp', onChoosePartnership })
      .get('/api/queue')
      .catch((error: unknown) => error);
    expect(isChoosePartnership(failed)).toBe(false);
    expect(onChoosePartnership).not.toHaveBeenCalled();
  });
});
