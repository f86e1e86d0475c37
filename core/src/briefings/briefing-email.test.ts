/** @jest-environment jsdom */
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { loadPartnership } from '../partnerships/partnership';
import type { NewsletterBriefing } from '../reports/newsletter';
import type { BriefingNote } from './briefing';
import { renderBriefingEmail } from './briefing-email';

const hsscp = loadPartnership('hsscp');
const stockport = loadPartnership('stockport');

const INJECTIONS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><a href='javascript:alert(1)'>click</a>",
  '</p></div></body><h1>Fake heading</h1>',
  '<!-- <style>body{display:none}</style> -->',
  '&lt;already escaped&gt; & ampersands',
];

const note = (over: Partial<BriefingNote> = {}): BriefingNote => ({
  title: 'Learning from a rapid review: neglect',
  kind: 'reactive',
  theme: 'Neglect',
  identifiedLearning: 'Agencies did not share concerns early.\n\nA second paragraph.',
  recommendations: ['Share concerns within a day.', 'Use the neglect toolkit.'],
  proposedActions: 'Brief every team by the end of the month.',
  ...over,
});

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

describe('The briefing email', () => {
  it('when rendered, then it has the logo with its alt text, one h1 and a heading for each part, in Arial 11', () => {
    const email = renderBriefingEmail({
      partnership: hsscp,
      note: note(),
      reference: 'BRF-2026-0001',
      logoSrc: 'cid:partnership-logo',
    });
    const doc = parse(email.html);
    const img = doc.querySelectorAll('img');
    expect(img).toHaveLength(1);
    expect(img[0]!.getAttribute('alt')).toBe(hsscp.brand.logo.alt);
    expect(img[0]!.getAttribute('src')).toBe('cid:partnership-logo');
    expect([...doc.querySelectorAll('h1')].map((h) => h.textContent)).toEqual([note().title]);
    expect([...doc.querySelectorAll('h2')].map((h) => h.textContent)).toEqual([
      'Identified learning',
      'Recommendations',
      'Proposed actions',
      'What we need from your agency',
    ]);
    expect(doc.documentElement.getAttribute('lang')).toBe('en-GB');
    expect(doc.body.getAttribute('style')).toContain('font-family:Arial');
    expect(doc.body.getAttribute('style')).toContain('font-size:11pt');
    expect(doc.querySelector('h1')!.getAttribute('style')).toContain(hsscp.brand.primaryColour);
    expect([...doc.querySelectorAll('ol li')].map((li) => li.textContent)).toEqual(
      note().recommendations,
    );
    expect(email.subject).toBe('HSSCP briefing note: Learning from a rapid review: neglect');
  });

  it('when rendered for another partnership, then its own logo text, colour and name are used', () => {
    const email = renderBriefingEmail({
      partnership: stockport,
      note: note(),
      reference: 'BRF-2026-0002',
      logoSrc: 'cid:partnership-logo',
    });
    const doc = parse(email.html);
    expect(doc.querySelector('img')!.getAttribute('alt')).toBe(stockport.brand.logo.alt);
    expect(email.html).toContain(stockport.name);
    expect(email.subject.startsWith(`${stockport.shortName} `)).toBe(true);
  });

  it('when the free text holds markup, scripts or broken tags, then none of it becomes markup and all of it reads as typed', () => {
    const hostile = note({
      title: INJECTIONS.join(' '),
      identifiedLearning: INJECTIONS.join('\n\n'),
      recommendations: INJECTIONS,
      proposedActions: INJECTIONS.join('\n'),
      theme: INJECTIONS[1]!,
    });
    const email = renderBriefingEmail({
      partnership: hsscp,
      note: hostile,
      reference: 'BRF-2026-0003',
      logoSrc: 'cid:partnership-logo',
    });
    for (const html of [email.html, email.largePrintHtml]) {
      const doc = parse(html);
      expect(doc.querySelectorAll('script, style, a, iframe')).toHaveLength(0);
      expect(doc.querySelectorAll('img')).toHaveLength(1);
      expect(doc.querySelectorAll('h1')).toHaveLength(1);
      expect(doc.querySelectorAll('[onerror], [onclick]')).toHaveLength(0);
      // The layout holds: the four part headings, and every recommendation in its own item.
      expect(doc.querySelectorAll('h2')).toHaveLength(4);
      expect(doc.querySelectorAll('ol > li')).toHaveLength(INJECTIONS.length);
      for (const injected of INJECTIONS) expect(doc.body.textContent).toContain(injected);
      expect(doc.title).toContain(INJECTIONS[0]);
    }
    expect(email.text).toContain(INJECTIONS[0]);
  });

  it('when the title carries line breaks, then the subject is one line (no header can be added through it)', () => {
    const email = renderBriefingEmail({
      partnership: hsscp,
      note: note({ title: 'Briefing\r\nBcc: everyone@example.com\nX-Injected: yes' }),
      reference: 'BRF-2026-0004',
      logoSrc: 'cid:partnership-logo',
    });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toBe(
      'HSSCP briefing note: Briefing Bcc: everyone@example.com X-Injected: yes',
    );
  });

  it('when rendered, then the large-print variant uses at least 16pt text and the plain-text part has every part', () => {
    const email = renderBriefingEmail({
      partnership: hsscp,
      note: note(),
      reference: 'BRF-2026-0005',
      logoSrc: 'cid:partnership-logo',
    });
    const doc = parse(email.largePrintHtml);
    const sizes = [...doc.querySelectorAll('p, li')].map((el) =>
      Number(/font-size:(\d+)pt/.exec(el.getAttribute('style') ?? '')?.[1]),
    );
    expect(sizes.length).toBeGreaterThan(3);
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(16);
    expect(email.text).not.toMatch(/<[a-z]/i);
    expect(email.text).toContain('Identified learning\n-------------------');
    expect(email.text).toContain('1. Share concerns within a day.\n2. Use the neglect toolkit.');
    expect(email.text).toContain('Reference: BRF-2026-0005');
  });
});

const newsletter = (over: Partial<NewsletterBriefing> = {}): NewsletterBriefing => ({
  kind: 'newsletter',
  title: 'HSSCP newsletter: quarter three of 2025-2026',
  greeting: 'Dear Colleagues,',
  intro: 'Welcome to this edition.',
  sections: [
    {
      heading: 'Multi-agency Audit',
      text: '2 multi-agency audits were carried out this quarter:\n\n- Step down.\n- Mental health.',
    },
    { heading: 'Briefings', text: 'No briefings were issued this quarter.' },
  ],
  closing: 'For further updates email the Business Unit.',
  source: { type: 'newsletter', year: 2025, quarter: 3, version: 2 },
  ...over,
});

describe('The newsletter sent as a briefing', () => {
  const render = (n: NewsletterBriefing, partnership = hsscp) =>
    renderBriefingEmail({
      partnership,
      note: n,
      reference: 'BRF-2026-0009',
      logoSrc: 'cid:partnership-logo',
    });

  it('when rendered, then each section is under a real heading, lists are lists, and no recommendations are asked about', () => {
    const email = render(newsletter());
    for (const html of [email.html, email.largePrintHtml]) {
      const doc = parse(html);
      expect(doc.querySelector('img')!.getAttribute('alt')).toBe(hsscp.brand.logo.alt);
      expect([...doc.querySelectorAll('h1')].map((h) => h.textContent)).toEqual([
        'HSSCP newsletter: quarter three of 2025-2026',
      ]);
      expect([...doc.querySelectorAll('h2')].map((h) => h.textContent)).toEqual([
        'Multi-agency Audit',
        'Briefings',
        'What we need from your agency',
      ]);
      expect(doc.querySelector('h2')!.getAttribute('style')).toContain(hsscp.brand.primaryColour);
      expect(doc.querySelectorAll('ol')).toHaveLength(0);
      expect(
        [...doc.querySelectorAll('ul')[0]!.querySelectorAll('li')].map((l) => l.textContent),
      ).toEqual(['Step down.', 'Mental health.']);
      expect(doc.body.textContent).toContain('Quarterly newsletter');
      expect(doc.body.textContent).toContain('there is no change or impact to report');
      expect(doc.body.textContent).not.toContain('against each recommendation');
    }
    expect(parse(email.html).body.getAttribute('style')).toContain('font-family:Arial');
    expect(parse(email.html).body.getAttribute('style')).toContain('font-size:11pt');
    expect(email.subject).toBe('HSSCP newsletter: quarter three of 2025-2026');
  });

  it('when rendered, then the large print is at least 16pt and the plain-text part has every section with its heading underlined', () => {
    const email = render(newsletter());
    const sizes = [...parse(email.largePrintHtml).querySelectorAll('p, li')].map((el) =>
      Number(/font-size:(\d+)pt/.exec(el.getAttribute('style') ?? '')?.[1]),
    );
    expect(sizes.length).toBeGreaterThan(5);
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(16);
    expect(email.text).not.toMatch(/<[a-z]/i);
    expect(email.text).toContain('Multi-agency Audit\n------------------\n\n2 multi-agency audits');
    expect(email.text).toContain('* Step down.\n* Mental health.');
    expect(email.text).toContain('Briefings\n---------\n\nNo briefings were issued this quarter.');
    expect(email.text).toContain('Reference: BRF-2026-0009');
  });

  it('when its title was edited without the partnership’s name, then the subject still says who it is from', () => {
    expect(render(newsletter({ title: 'Winter\nnewsletter' }), stockport).subject).toBe(
      'SSCP newsletter: Winter newsletter',
    );
  });

  it('when its words hold markup, then none of it becomes markup', () => {
    const email = render(
      newsletter({
        intro: INJECTIONS.join('\n\n'),
        sections: [{ heading: INJECTIONS[3]!, text: INJECTIONS.map((i) => `- ${i}`).join('\n') }],
      }),
    );
    const doc = parse(email.html);
    expect(doc.querySelectorAll('script, style, a, iframe, [onerror]')).toHaveLength(0);
    expect([...doc.querySelectorAll('h2')].map((h) => h.textContent)).toEqual([
      INJECTIONS[3],
      'What we need from your agency',
    ]);
    for (const injected of INJECTIONS) expect(doc.body.textContent).toContain(injected);
  });
});
