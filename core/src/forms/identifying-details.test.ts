import { findIdentifyingDetails } from './identifying-details';

describe('spotting identifying details', () => {
  it.each([
    ['Child seen by GP, NHS number 943 476 5919, no follow-up', ['nhs-number']],
    ['Lives near TS24 7AB with grandparents', ['postcode']],
    ['Mum can be reached on 07700 900123 most days', ['phone-number']],
    ['Jamie Smith, 04/05/2015, missed three appointments', ['name-and-date-of-birth']],
    ['Child (DOB 4 May 2015) was not seen', ['name-and-date-of-birth']],
    ['Family moved to 12 Church Road last spring', ['address']],
    ['Challenged Mrs Jones about the decision', ['titled-name']],
    ['Dr. Patel agreed to review it', ['titled-name']],
    ['Emailed sam.jones@example.org twice', ['email-address']],
  ])('when details say "%s", then it flags %j', (text, kinds) => {
    expect(findIdentifyingDetails(text)).toEqual(kinds);
  });

  it.each([
    'Referrals from schools about neglect are not reaching early help within 5 days.',
    'Multi-agency meetings were held on 12/03/2026 but health did not attend.',
    'The policy (version 2.1, 2024) does not cover harm outside the home.',
    'Reference 1234567890 on the case system was closed too early.',
  ])('when details are about systems ("%s"), then nothing is flagged', (text) => {
    expect(findIdentifyingDetails(text)).toEqual([]);
  });
});
