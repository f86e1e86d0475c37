import { loadPartnership } from '../partnerships/partnership';
import { validateBriefing } from './briefing';
import { checkCascade, checkImpact } from './lead-actions';

const hsscp = loadPartnership('hsscp');
const good = {
  title: 'Learning from a rapid review',
  kind: 'proactive',
  theme: 'Neglect',
  identifiedLearning: 'Concerns were not shared early.',
  recommendations: ['Share concerns within a day.', '  ', 'Use the toolkit.'],
  proposedActions: 'Brief every team.',
};

describe('Validating a briefing note against its declaration', () => {
  it('when every part is filled in, then the note comes back trimmed with empty recommendations dropped', () => {
    const result = validateBriefing(hsscp, good);
    expect(result).toEqual({
      ok: true,
      note: { ...good, recommendations: ['Share concerns within a day.', 'Use the toolkit.'] },
    });
  });

  it('when parts are missing or not from the lists, then each has a message beside it', () => {
    const result = validateBriefing(hsscp, { kind: 'sideways', theme: 'Not a theme' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      title: 'Enter the title',
      kind: 'Choose the type of briefing from the list',
      theme: 'Choose the theme from the list',
      identifiedLearning: 'Enter the identified learning',
      recommendations: 'Enter at least 1 recommendation',
      proposedActions: 'Enter the proposed actions',
    });
  });

  it('when recommendations come numbered, as the tab\u2019s form sends them, then they are read in number order', () => {
    const { recommendations: _, ...rest } = good;
    const result = validateBriefing(hsscp, {
      ...rest,
      'recommendations.2': 'Use the toolkit.',
      'recommendations.1': 'Share concerns within a day.',
    });
    expect(result.ok && result.note.recommendations).toEqual([
      'Share concerns within a day.',
      'Use the toolkit.',
    ]);
  });

  it('when the title identifies someone, then the title is refused as every other part would be', () => {
    const result = validateBriefing(hsscp, { ...good, title: 'Learning from Mrs Jones' });
    expect(!result.ok && Object.keys(result.errors)).toEqual(['title']);
  });

  it('when a recommendation identifies someone, then that recommendation is refused by its number', () => {
    const result = validateBriefing(hsscp, {
      ...good,
      recommendations: ['Fine.', 'Call the family on 07700 900123.'],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors)).toEqual(['recommendations.2']);
  });
});

describe('A lead recording a cascade or an impact report', () => {
  it('when the cascade is complete and not in the future, then it is accepted', () => {
    expect(
      checkCascade({ method: 'team-meeting', on: '2026-11-20', staffReached: '40' }, '2026-11-22'),
    ).toEqual({ ok: true, value: { method: 'team-meeting', on: '2026-11-20', staffReached: 40 } });
  });

  it('when the cascade has an unknown method, a future date and a fraction of staff, then each is refused', () => {
    const result = checkCascade(
      { method: 'carrier-pigeon', on: '2026-12-01', staffReached: 2.5 },
      '2026-11-22',
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(Object.keys(result.errors).sort()).toEqual(['method', 'on', 'staffReached']);
  });

  it('when an impact report names a recommendation that does not exist, then it is refused', () => {
    expect(checkImpact({ recommendation: 3, change: 'x', impact: 'y' }, 2).ok).toBe(false);
    expect(checkImpact({ recommendation: 2, change: 'x', impact: 'y' }, 2)).toEqual({
      ok: true,
      value: { recommendation: 2, change: 'x', impact: 'y' },
    });
  });
});
