import { loadPartnership } from '../partnerships/partnership';
import { identifyingWarnings } from '../forms/form-screening';
import { screenText } from '../identifying/screen';
import { validateForm } from '../forms/form';
import { kloeForm } from './kloe-form';
import { kloePrefillFromEmail } from './kloe-from-email';

const lead = { name: 'Ash AgencyLead' };

describe('a KLOE started from an email', () => {
  it('when the email is about a system, then its subject and body are copied and the contact officer is the person raising it', () => {
    const prefill = kloePrefillFromEmail(
      {
        subject: 'RE: FW: Health not invited to strategy discussions',
        body: 'Strategy discussions in the east locality are held without health colleagues.\r\n\r\nThis has happened three times this month.',
        sender: { name: 'Sam Sender', email: 'sam.sender@example.org' },
      },
      lead,
    );
    expect(prefill.values).toEqual({
      contactOfficer: 'Ash AgencyLead',
      subject: 'Health not invited to strategy discussions',
      details:
        'Strategy discussions in the east locality are held without health colleagues.\n\nThis has happened three times this month.',
    });
    expect(prefill.removed).toEqual([]);
    expect(prefill.shortened).toBe(false);
    expect(prefill.notices).toEqual([]);
  });

  it('when the body holds identifying details, then each is taken out and marked, and the kinds are listed', () => {
    const prefill = kloePrefillFromEmail(
      {
        subject: 'Concern about Mrs Jones',
        body: 'Jamie Smith, 04/05/2015, lives at 12 Acacia Avenue, TS24 7AB. Call 07700 900123 or jamie@example.org. NHS 943 476 5919.',
        sender: { name: 'Sam Sender' },
      },
      lead,
    );
    expect(prefill.values.subject).toBe('Concern about [name removed]');
    expect(prefill.values.details).toBe(
      '[name removed], [date of birth removed], lives at [address removed], [postcode removed]. Call [phone number removed] or [email address removed]. NHS [NHS number removed].',
    );
    expect(prefill.removed).toEqual([
      'name',
      'date-of-birth',
      'address',
      'postcode',
      'phone-number',
      'email-address',
      'nhs-number',
    ]);
    expect(prefill.notices).toEqual([
      'Pathways took out a person\u2019s name, a date of birth, a street address, a postcode, a phone number, an email address and an NHS number, marked like [name removed].',
    ]);
    expect(identifyingWarnings(kloeForm, prefill.values)).toEqual([]);
  });

  it('when the sender signs off, then the signature and the earlier messages below it are left out, and the sender is not named', () => {
    const prefill = kloePrefillFromEmail(
      {
        subject: 'Escalation policy',
        body: [
          'Sam Sender here: nobody in early help knew the escalation policy.',
          'Kind regards,',
          'Sam Sender',
          'Team Manager, 01642 123456',
          '',
          '-----Original Message-----',
          'From: Mr Patel',
          'Sent: Monday',
        ].join('\n'),
        sender: { name: 'Sender, Sam (Early Help)', email: 'sam@example.org' },
      },
      lead,
    );
    expect(prefill.values.details).toBe(
      '[name removed] here: nobody in early help knew the escalation policy.',
    );
    expect(prefill.removed).toEqual(['name']);
  });

  it('when the email is longer than the form allows, then it is cut at a word, marked, and the form accepts it', () => {
    const prefill = kloePrefillFromEmail(
      { subject: 'Word '.repeat(100), body: 'Practice '.repeat(1000) },
      lead,
    );
    expect(prefill.shortened).toBe(true);
    expect(prefill.notices).toEqual([
      'The email was longer than the form allows, so only its start was copied.',
    ]);
    expect(prefill.values.subject!.length).toBeLessThanOrEqual(200);
    expect(prefill.values.details!.length).toBeLessThanOrEqual(4000);
    expect(prefill.values.details!.endsWith('Practice…')).toBe(true);
    const result = validateForm(kloeForm, loadPartnership('hsscp'), {
      ...prefill.values,
      organisation: 'Cleveland Police',
      theme: loadPartnership('hsscp').themes[0],
      actionWanted: 'Review it.',
    });
    expect(result.ok).toBe(true);
  });

  it('when the email is empty, then only the contact officer is filled in', () => {
    expect(kloePrefillFromEmail({ subject: '', body: '  ' }, lead).values).toEqual({
      contactOfficer: 'Ash AgencyLead',
    });
  });
});

describe('taking identifying details out of copied text', () => {
  it('when a child is named with a school year, date of birth and address, then no part of the name is kept', () => {
    const prefill = kloePrefillFromEmail(
      {
        subject: 'Tom Brown',
        body: 'Tom Brown (Year 9, DOB 02/03/2012) of 4 Park Road was not seen by anyone for a month.',
      },
      lead,
    );
    expect(prefill.values.subject).toBe('[name removed]');
    expect(prefill.values.details).toBe(
      '[name removed] (Year 9, [date of birth removed]) of [address removed] was not seen by anyone for a month.',
    );
    expect(JSON.stringify(prefill)).not.toMatch(/Tom|Brown|Park Road|2012/);
    expect(prefill.removed).toEqual(['name', 'date-of-birth', 'address']);
  });

  it('when text has nothing identifying, then it is unchanged', () => {
    const text = 'Thresholds for early help are applied differently in each locality.';
    expect(screenText(text)).toEqual({ kinds: [], redacted: text });
  });

  it('when text is redacted, then the screening finds nothing left in it', () => {
    const samples = [
      'DOB: 3 March 2016, seen by Dr. Okafor at 4 Mill Lane',
      'Ring 01429 266522 or +44 7700 900 456, postcode SW1A 1AA',
      'Email a.b-c@agency.nhs.uk about Miss O\u2019Neil and Mx Lee',
      'his sister Chloe, 10, (UPN B805123400107) posts as @chloe_x_2015',
    ];
    for (const text of samples) {
      const { kinds, redacted } = screenText(text);
      expect(kinds.length).toBeGreaterThan(0);
      expect(screenText(redacted).kinds).toEqual([]);
    }
  });
});
