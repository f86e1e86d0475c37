import { validateForm } from '../forms/form';
import { loadPartnership } from '../partnerships/partnership';
import { CASCADE_METHODS } from './api';
import { checkCascade, checkImpact } from './lead-actions';
import { cascadeForm, impactForm } from './lead-forms';

const hsscp = loadPartnership('hsscp');
const today = '2026-11-22';

const cascades: Record<string, string>[] = [
  { method: 'team-meeting', on: '2026-11-20', staffReached: '25' },
  { method: 'intranet', on: today, staffReached: '0', note: 'Posted on the safeguarding page.' },
  { method: 'email', on: '2026-11-20', staffReached: '25', note: 'Minutes kept by Mrs Jones' },
  { method: 'carrier-pigeon', on: '2026-11-20', staffReached: '25' },
  { method: 'training', on: '2026-11-23', staffReached: '25' },
  { method: 'training', on: '2026-02-30', staffReached: '25' },
  { method: 'supervision', on: '2026-11-20', staffReached: 'about ten' },
  { method: 'supervision', on: '2026-11-20', staffReached: '2.5' },
  { method: '', on: '', staffReached: '' },
  { method: 'email', on: '2026-11-20', staffReached: ' ' },
  { method: 'email', on: '2026-11-20', staffReached: '12', note: 'x'.repeat(501) },
];

const impacts: Record<string, string>[] = [
  { change: 'The escalation policy is in induction.', impact: 'Audit in March will show.' },
  { change: '', impact: 'Fewer late referrals.' },
  { change: 'Call 07700 900123 for the new rota.', impact: 'Fewer late referrals.' },
  { change: 'x'.repeat(4001), impact: 'Some.' },
];

describe('the lead forms the add-in draws', () => {
  it.each(cascades)(
    'when cascade answers #%# are checked, then the declaration and the service check agree on which answers need changing',
    (answers) => {
      const declared = validateForm(cascadeForm, hsscp, answers, { today });
      const checked = checkCascade(answers, today);
      expect(declared.ok).toBe(checked.ok);
      if (!declared.ok && !checked.ok)
        expect(Object.keys(declared.errors).sort()).toEqual(Object.keys(checked.errors).sort());
    },
  );

  it.each(impacts)(
    'when impact answers #%# are checked, then the declaration and the service check agree on which answers need changing',
    (answers) => {
      const declared = validateForm(impactForm, hsscp, answers);
      const checked = checkImpact({ ...answers, recommendation: '1' }, 3);
      expect(declared.ok).toBe(checked.ok);
      if (!declared.ok && !checked.ok)
        expect(Object.keys(declared.errors).sort()).toEqual(Object.keys(checked.errors).sort());
    },
  );

  it('when the cascade form is drawn, then its ways of cascading are the API’s, in its order', () => {
    const method = cascadeForm.fields.find((f) => f.id === 'method');
    expect(method?.kind === 'options' && method.options.map((o) => o.value)).toEqual(
      CASCADE_METHODS.map((m) => m.value),
    );
  });
});
