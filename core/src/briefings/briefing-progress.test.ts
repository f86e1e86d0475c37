import {
  briefingProgress,
  cancellableUntil,
  decideCancel,
  decideNewsletterDraft,
  deliveryStateOf,
  maySend,
  sentAtOf,
  summaryStatus,
} from './briefing-progress';
import { currentAgencyName } from '../partnerships/agencies';
import { loadPartnership } from '../partnerships/partnership';

const requestedAt = new Date('2026-11-22T10:00:00Z');
const sending = { status: 'sending', preparedAt: null, sendRequestedAt: requestedAt };
const at = (seconds: number) => new Date(requestedAt.getTime() + seconds * 1000);

describe('a message’s delivery', () => {
  it('is sent once its side effect is done, whatever the attempts', () => {
    expect(deliveryStateOf('done', 12)).toBe('sent');
  });

  it('is queued while pg-boss may still retry, and failed after its last attempt', () => {
    expect(deliveryStateOf('pending', 8)).toBe('queued');
    expect(deliveryStateOf('pending', 9)).toBe('failed');
  });
});

describe('cancelling a send', () => {
  it('stops it within the undo window', () => {
    expect(decideCancel(sending, 30, at(29))).toEqual({ decision: 'cancel' });
  });

  it('is too late when the window has ended, exactly or after', () => {
    expect(decideCancel(sending, 30, at(30))).toEqual({ decision: 'too-late' });
    expect(decideCancel(sending, 30, at(31))).toEqual({ decision: 'too-late' });
  });

  it('is too late once the cascade is decided, even within the window', () => {
    expect(decideCancel({ ...sending, preparedAt: at(1) }, 30, at(2))).toEqual({
      decision: 'too-late',
    });
  });

  it('is too late for a draft: there is nothing to cancel', () => {
    expect(
      decideCancel({ status: 'draft', preparedAt: null, sendRequestedAt: null }, 30, at(1)),
    ).toEqual({ decision: 'too-late' });
  });

  it('is offered until the end of the window, and no longer', () => {
    expect(cancellableUntil(sending, 30, at(10))).toBe(at(30).toISOString());
    expect(cancellableUntil(sending, 30, at(30))).toBeNull();
    expect(cancellableUntil({ ...sending, preparedAt: at(1) }, 30, at(10))).toBeNull();
  });
});

describe('a briefing’s status', () => {
  it('is a draft until sending is requested, which only a draft may be', () => {
    expect(summaryStatus({ status: 'draft', preparedAt: null, sendRequestedAt: null }, [])).toBe(
      'draft',
    );
    expect(maySend('draft')).toBe(true);
    expect(maySend('sending')).toBe(false);
  });

  it('is sending until the cascade is decided and every message has left', () => {
    expect(summaryStatus(sending, [])).toBe('sending');
    const prepared = { ...sending, preparedAt: at(31) };
    expect(summaryStatus(prepared, ['done', 'pending'])).toBe('sending');
    expect(summaryStatus(prepared, ['done', 'done'])).toBe('sent');
  });

  it('was sent when its last message left, or when prepared if it had none', () => {
    expect(sentAtOf([at(40), null, at(50), at(45)], at(31))).toEqual(at(50));
    expect(sentAtOf([], at(31))).toEqual(at(31));
  });
});

describe('the quarter’s newsletter when a version is sent', () => {
  it('revises a draft left at another version: nobody has read it', () => {
    expect(decideNewsletterDraft({ status: 'draft', version: 1 }, 2)).toEqual({
      decision: 'revise',
    });
  });

  it('keeps one that was sent, or is the version asked for', () => {
    expect(decideNewsletterDraft({ status: 'sending', version: 1 }, 2)).toEqual({
      decision: 'keep',
    });
    expect(decideNewsletterDraft({ status: 'draft', version: 2 }, 2)).toEqual({
      decision: 'keep',
    });
  });
});

describe('each agency’s progress', () => {
  it('counts copies by delivery and sums each agency’s part', () => {
    const { delivery, agencyStatus } = briefingProgress({
      recipients: [
        { agency: 'Police', chunk: 0 },
        { agency: 'Police', chunk: 1 },
        { agency: 'Health', chunk: 1 },
        { agency: 'Health', chunk: 2 },
      ],
      chunkState: new Map([
        [0, 'sent'],
        [1, 'failed'],
      ]),
      acks: [
        { agency: 'Police', at: '2026-11-23T09:00:00Z' },
        { agency: 'Police', at: '2026-11-22T12:00:00Z' },
      ],
      cascades: [
        { agency: 'Police', method: 'email', on_date: '2026-11-23', staff_reached: 20 },
        { agency: 'Police', method: 'training', on_date: '2026-11-24', staff_reached: 5 },
      ],
      impact: [
        { agency: 'Police', recommendation: 3 },
        { agency: 'Police', recommendation: 1 },
        { agency: 'Police', recommendation: 3 },
      ],
      reminders: [{ agency: 'Health', last: '2026-11-25T08:00:00Z' }],
    });
    expect(delivery).toEqual({ queued: 1, sent: 1, failed: 2 });
    expect(agencyStatus).toEqual([
      {
        agency: 'Police',
        leads: 2,
        delivered: 1,
        acknowledged: 2,
        firstAcknowledgedAt: '2026-11-22T12:00:00.000Z',
        cascades: [
          { method: 'email', on: '2026-11-23', staffReached: 20 },
          { method: 'training', on: '2026-11-24', staffReached: 5 },
        ],
        staffReached: 25,
        impactReportedOn: [1, 3],
        lastReminderAt: null,
      },
      {
        agency: 'Health',
        leads: 2,
        delivered: 0,
        acknowledged: 0,
        firstAcknowledgedAt: null,
        cascades: [],
        staffReached: 0,
        impactReportedOn: [],
        lastReminderAt: '2026-11-25T08:00:00.000Z',
      },
    ]);
  });

  it('when leads were sent it under an agency’s former names, then their progress counts under its current name', () => {
    const hsscp = loadPartnership('hsscp');
    const { agencyStatus } = briefingProgress({
      currentName: (stored) => currentAgencyName(hsscp, stored),
      recipients: [
        { agency: 'Hartlepool and Stockton-on-Tees Clinical Commissioning Group', chunk: 0 },
        { agency: 'Cleveland Fire and Rescue Service', chunk: 0 },
        { agency: 'Durham Tees Valley Community Rehabilitation Company', chunk: 0 },
        { agency: 'National Probation Service', chunk: 0 },
      ],
      chunkState: new Map([[0, 'sent']]),
      acks: [{ agency: 'Cleveland Fire and Rescue Service', at: '2026-11-23T09:00:00Z' }],
      cascades: [
        {
          agency: 'National Probation Service',
          method: 'email',
          on_date: '2026-11-23',
          staff_reached: 7,
        },
      ],
      impact: [],
      reminders: [
        {
          agency: 'Durham Tees Valley Community Rehabilitation Company',
          last: '2026-11-24T08:00:00Z',
        },
        { agency: 'National Probation Service', last: '2026-11-25T08:00:00Z' },
      ],
    });
    expect(
      agencyStatus.map((a) => [
        a.agency,
        a.leads,
        a.acknowledged,
        a.staffReached,
        a.lastReminderAt,
      ]),
    ).toEqual([
      ['North East and North Cumbria Integrated Care Board', 1, 0, 0, null],
      ['Cleveland Fire Brigade', 1, 1, 0, null],
      ['Probation Service', 2, 0, 7, '2026-11-25T08:00:00.000Z'],
    ]);
  });
});
