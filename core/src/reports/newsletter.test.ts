import { draftNewsletter, newsletterAsBriefing, type NewsletterFacts } from './newsletter';

const quiet: NewsletterFacts = {
  partnership: { name: 'Stockport Safeguarding Children Partnership', shortName: 'SSCP' },
  year: 2025,
  quarter: 3,
  cases: [],
  audits: [],
  activities: [],
  kloesExplored: { total: 0, byTheme: [] },
  actions: {
    quarter: 3,
    period: '',
    made: 0,
    inProgress: 0,
    completed: 0,
    overdue: 0,
    impactTested: 0,
  },
  training: [],
  briefings: [],
};

describe('the newsletter drafted from a quarter', () => {
  it('when nothing happened in the quarter, then each section says so plainly', () => {
    const draft = draftNewsletter(quiet);
    expect(draft.title).toBe('SSCP newsletter: quarter three of 2025-2026');
    expect(draft.sections.map((s) => s.text.split('\n')[0])).toEqual([
      '0 serious incident notifications were received during this quarter.',
      'There are currently no Local Child Safeguarding Practice Reviews under way.',
      'No multi-agency audits took place this quarter.',
      "The SSCP Executive and Engine Room have continued to meet to progress the partnership's priorities. The Engine Room explored 0 Key Lines of Enquiry this quarter.",
      'No training sessions were recorded this quarter.',
      'No briefings were issued this quarter.',
    ]);
  });

  it('when one of each happened, then the words are singular', () => {
    const draft = draftNewsletter({
      ...quiet,
      training: [{ on: '2025-10-07', title: 'Neglect', delivery: 'hybrid' }],
      briefings: [{ title: 'Briefing note', issuedOn: '2025-12-31' }],
    });
    expect(draft.sections.find((s) => s.id === 'training')!.text).toContain(
      '1 training session has been held (1 hybrid)',
    );
    expect(draft.sections.find((s) => s.id === 'briefings')!.text).toMatch(
      /^1 briefing was issued/,
    );
  });

  it('when it becomes a briefing, then it is a newsletter with its words in order and empty sections left out', () => {
    const content = draftNewsletter(quiet);
    content.sections[2]!.text = '';
    const briefing = newsletterAsBriefing({
      year: 2025,
      quarter: 3,
      period: '',
      version: 4,
      savedBy: 'Billie',
      savedAt: '2026-01-10T10:00:00Z',
      content,
    });
    expect(briefing.kind).toBe('newsletter');
    expect(briefing.sections.map((s) => s.heading)).toEqual([
      'Serious Incident Notification / Learning Requests',
      'Local Child Safeguarding Practice Reviews',
      'Work Streams',
      'SSCP Training',
      'Briefings',
    ]);
    expect(briefing.greeting).toBe('Dear Stockport Safeguarding Children Partnership Colleagues,');
    expect(briefing.intro).toMatch(/^Welcome/);
    expect(briefing).not.toHaveProperty('sections.0.figures');
    expect(briefing.source).toEqual({ type: 'newsletter', year: 2025, quarter: 3, version: 4 });
  });
});
