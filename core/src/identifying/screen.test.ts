import { loadPartnership } from '../partnerships/partnership';
import corpus from './corpus.json';
import { describeIdentifyingKind, identifyingRefusal, screenText } from './screen';
import { nationalVocabulary, partnershipVocabulary, combineVocabularies } from './vocabulary';

describe('screening text for identifying details', () => {
  it.each([
    ['Tom Brown (Year 9) was excluded and nobody told social care.', ['name']],
    ['Jordan Price, aged 6, was left with a neighbour.', ['name']],
    ['his sister Chloe, 10, stopped attending', ['name']],
    ['Maisie was seen by the health visitor', ['name']],
    ['Rose, 7, was collected by an adult nobody knew.', ['name']],
    ['Mum said Hope has been hearing voices.', ['name']],
    ['reuben is in year 3 and has not been seen since half term.', ['name']],
    ['Amelia-Rose Walker was not brought to three appointments.', ['name']],
    ["Jayden O'Connor, 15, was found in a trap house.", ['name']],
    ["D'Andre Campbell, Year 11, was stopped by police.", ['name']],
    ['Nursery flagged that Oluwaseun, 3, had a burn.', ['name']],
    ['Challenged Mrs Jones about the decision', ['name']],
    ['Jamie Smith, 04/05/2015, missed three appointments', ['name', 'date-of-birth']],
    ['Child (DOB 4 May 2015) was not seen', ['date-of-birth']],
    ['Born on the 5th of June 2018, not registered with a GP.', ['date-of-birth']],
    ['d.o.b. 2.3.12 per the school record', ['date-of-birth']],
    ['Date of birth: 2014-06-21 (from health).', ['date-of-birth']],
    ['Family moved to 12 Church Road last spring', ['address']],
    ['They live at flat 12b Marsh House.', ['address']],
    ['Lives near TS24 7AB with grandparents', ['postcode']],
    ['Grandmother can be reached on 07700 900123 most days', ['phone-number']],
    ['Emailed sam.jones@example.org twice', ['email-address']],
    ['Child seen by GP, NHS number 943 476 5919, no follow-up', ['nhs-number']],
    ['NI number JG 10 37 23 A belongs to the stepdad.', ['ni-number']],
    ['UPN B805123400107 was sent to the wrong school.', ['pupil-number']],
    ['Children’s social care case number 1234567 was closed.', ['case-number']],
    ['Crime ref 14/56789/24 was never linked to the file.', ['case-number']],
    ['Reference 1234567890 on the case system was closed too early.', ['case-number']],
    ['Found messages from @jaydenm_09 on Instagram.', ['social-media-handle']],
    ['Snapchat: lucie.b2011 was passed between older boys.', ['social-media-handle']],
  ])('when text says "%s", then it flags %j', (text, kinds) => {
    expect(screenText(text).kinds).toEqual(kinds);
  });

  it.each([
    'Core Group Meeting of 14/05/2025 was cancelled and not rearranged.',
    'Referrals from schools about neglect are not reaching early help within 5 days.',
    'Multi-agency meetings were held on 12/03/2026 but health did not attend.',
    'The policy (version 2.1, 2024) does not cover harm outside the home.',
    'Referrals rose by 20% after the training; we hope the threshold helps.',
    'Alice House refuge does not get invited to strategy discussions.',
    'Grace Darling Ward does not ask about children when adults are admitted.',
    "Martha's Rule is not understood; Clare's Law requests are not shared.",
    'Year 9 pupils across Stockton had no input on healthy relationships.',
    'Children aged 6 to 10 are under-represented in early help.',
    'The children’s hub on 01632 960001 is not answered after 5pm.',
    'Initial Child Protection Conferences are often held without the GP report.',
    'NHS 400 000 0000 is not a valid number, nor is 123 456 7890.',
    'Eli chairs our strategy discussions.',
    'Referrals came from Schools (12), Health (9), Probation (2) and Housing (4).',
    'Midwifery, 4 referrals; Paediatrics, 6.',
    'Ref: KLOE-2026-0001 was closed after the Engine Room.',
    'Summer born children are over-represented in early help.',
    'Several GPs said they do not get invited to conferences.',
  ])('when text is about systems ("%s"), then nothing is flagged', (text) => {
    expect(screenText(text)).toEqual({ kinds: [], redacted: text });
  });

  it('when a detail is found, then each is replaced by a marker of its kind and nothing of it is kept', () => {
    const { redacted } = screenText(
      'Maisie (Year 2) of Flat 3, Elm Court, TS24 7AB, NHS 401 023 2137, mum on 07700 900461.',
    );
    expect(redacted).toBe(
      '[name removed] (Year 2) of [address removed], [postcode removed], NHS [NHS number removed], mum on [phone number removed].',
    );
  });

  it('when a first name that is also a word comes before a surname, then the whole name is taken out', () => {
    expect(screenText('Mark Jones was seen by the GP, aged 4.').redacted).toBe(
      '[name removed] was seen by the GP, aged 4.',
    );
  });

  it('when the refusal is written, then it names the kinds found and never the detail', () => {
    const message = identifyingRefusal('his sister Chloe, 10, lives at 4 Park Road', 'this form');
    expect(message).toBe(
      `Take out ${describeIdentifyingKind('name')}, ${describeIdentifyingKind('address')}: this form must not identify a child, family or colleague`,
    );
    expect(message).not.toMatch(/Chloe|Park Road/);
  });

  it('when a partnership configures a service named like a person, then it is not flagged, and another partnership’s text still is', () => {
    const text = 'Mary Seacole did not get the outcome of the referral.';
    const bare = combineVocabularies(nationalVocabulary, {
      terms: [],
      phoneNumbers: [],
      emailAddresses: [],
    });
    expect(screenText(text, bare).kinds).toEqual(['name']);
    const configured = combineVocabularies(nationalVocabulary, {
      terms: ['Mary Seacole'],
      phoneNumbers: [],
      emailAddresses: [],
    });
    expect(screenText(text, configured).kinds).toEqual([]);
  });

  it('when a service phone number is in the partnership configuration, then it is left alone, and other numbers are not', () => {
    const hsscp = combineVocabularies(
      nationalVocabulary,
      partnershipVocabulary(loadPartnership('hsscp')),
    );
    expect(screenText('Ring the hub on 01632 960001.', hsscp).kinds).toEqual([]);
    expect(screenText('Ring the aunt on 01632 960388.', hsscp).kinds).toEqual(['phone-number']);
  });

  it('when the corpus is screened, then the figures meet the targets (npm run bench:identifying prints them)', () => {
    const recall =
      corpus.identifying.filter((t) => screenText(t).kinds.length > 0).length /
      corpus.identifying.length;
    const falsePositives =
      corpus.systems.filter((t) => screenText(t).kinds.length > 0).length / corpus.systems.length;
    expect(corpus.identifying.length + corpus.systems.length).toBeGreaterThanOrEqual(300);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(falsePositives).toBeLessThanOrEqual(0.05);
  });
});
