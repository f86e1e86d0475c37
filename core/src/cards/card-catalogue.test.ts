/**
 * @jest-environment jsdom
 */
// Every card the bot sends, parsed by the real adaptivecards renderer (which
// needs a DOM) with no warnings, and kept as a reviewed snapshot.
import { loadPartnership } from '../partnerships/partnership';
import { welcomeCard } from './welcome-card';
import { formCard } from '../forms/form-card';
import { kloeForm } from '../kloe/kloe-form';
import { kloeChannelCard, kloeReceiptCard } from '../kloe/kloe-cards';
import { newKloeCard, KLOE_SUBMIT_VERB } from '../kloe/raise-kloe';
import type { Kloe } from '../kloe/kloe';
import type { AdaptiveCard } from './adaptive-card';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => { parse(json: unknown, context: unknown): void };
  SerializationContext: new () => {
    eventCount: number;
    getEventAt(i: number): { message: string };
  };
};

const hsscp = loadPartnership('hsscp');
const kloe: Kloe = {
  id: 'k1',
  partnershipId: 'hsscp',
  reference: 'KLOE-2026-0007',
  status: 'submitted',
  version: 1,
  values: {
    organisation: 'Cleveland Police',
    contactOfficer: 'Pat Practitioner',
    subject: 'Health not invited to strategy discussions',
    theme: 'Multi-agency working',
    details: 'Strategy discussions in the east locality are held without health colleagues.',
    actionWanted: 'Review the invitation list.',
  },
  submittedBy: { aadObjectId: 'pat', name: 'Pat Practitioner' },
  submittedAt: new Date('2026-11-22T10:00:00Z'),
};

const catalogue: Record<string, AdaptiveCard> = {
  welcome: welcomeCard(hsscp),
  'kloe form': newKloeCard(hsscp, { name: 'Pat Practitioner' }),
  'kloe dialog from a message': newKloeCard(
    hsscp,
    { name: 'Pat Practitioner', details: 'Health were not invited.' },
    'submit',
  ),
  'kloe form with errors': formCard(
    kloeForm,
    hsscp,
    { values: { details: 'kept' }, errors: { subject: 'Enter an issue or area of good practice' } },
    { verb: KLOE_SUBMIT_VERB },
  ),
  'kloe form with a warning': formCard(
    kloeForm,
    hsscp,
    { values: kloe.values, warnings: ['It may include a postcode.'] },
    { verb: KLOE_SUBMIT_VERB },
  ),
  'kloe receipt': kloeReceiptCard(kloe),
  'kloe channel card': kloeChannelCard(kloe),
};

describe.each(Object.entries(catalogue))('the %s card', (_name, card) => {
  it('when parsed by the adaptivecards renderer, then it gives no warnings', () => {
    const context = new AC.SerializationContext();
    new AC.AdaptiveCard().parse(card, context);
    const warnings = Array.from(
      { length: context.eventCount },
      (_, i) => context.getEventAt(i).message,
    );
    expect(warnings).toEqual([]);
  });

  it('when compared with its reviewed snapshot, then it has not changed', () => {
    expect(card).toMatchSnapshot();
  });
});
