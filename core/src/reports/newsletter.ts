import { z } from 'zod';
import { formatLongDate, londonDate, type IsoDate } from '../calendar/working-days';
import type { ActionFigures } from '../engine-room/api';
import { financialQuarter } from '../engine-room/quarters';
import { caseDecisionText, type SeriousCase } from '../serious-cases/serious-case';
import { identifyingRefusal } from '../identifying/screen';

/**
 * The quarterly newsletter for partners (DOMAIN.md, pathways 5 and 7), in the
 * shape of the partnership's own newsletters (seeds: HSSCP quarter 3 2023-24
 * and 2025-26): a greeting, then serious incident notifications, reviews
 * under way, audits, work streams, training and briefings issued.
 *
 * Pathways drafts it from the records for a quarter (`draftNewsletter`); the
 * Business Unit edits the words in the tab, each save a new version; the
 * figures stay as generated, so a reader of any version can see what the
 * records said. `newsletterAsBriefing` is the shape it is sent in.
 *
 * It goes to every agency: it names cases by reference only, never a child.
 */
export const NEWSLETTER_SECTIONS = [
  { id: 'serious-incidents', heading: 'Serious Incident Notification / Learning Requests' },
  { id: 'reviews', heading: 'Local Child Safeguarding Practice Reviews' },
  { id: 'audits', heading: 'Multi-agency Audit' },
  { id: 'work-streams', heading: 'Work Streams' },
  { id: 'training', heading: 'Training' },
  { id: 'briefings', heading: 'Briefings' },
] as const;

export type NewsletterSectionId = (typeof NEWSLETTER_SECTIONS)[number]['id'];

/** What the records hold for the quarter; the service gathers it (bot/src/reports/newsletter-facts.ts). */
export interface NewsletterFacts {
  partnership: { name: string; shortName: string };
  year: number;
  quarter: 1 | 2 | 3 | 4;
  /** Every serious case of the partnership (no child's details); filtered here by date. */
  cases: SeriousCase[];
  audits: Activity[];
  /** Other investigative activity (scoping sessions, focus groups, case studies). */
  activities: Activity[];
  kloesExplored: { total: number; byTheme: { theme: string; count: number }[] };
  actions: ActionFigures;
  training: { on: IsoDate; title: string; delivery: 'in-person' | 'virtual' | 'hybrid' | null }[];
  briefings: { title: string; issuedOn: IsoDate }[];
}

export interface Activity {
  kindTitle: string;
  description: string;
  startDate: IsoDate;
  endDate: IsoDate;
}

export interface NewsletterSection {
  id: NewsletterSectionId;
  heading: string;
  /** The words, editable; paragraphs separated by a blank line, "- " starts a list item. */
  text: string;
  /** The counts the draft was made from (not editable). */
  figures: { label: string; value: number }[];
}

export interface NewsletterContent {
  title: string;
  greeting: string;
  intro: string;
  sections: NewsletterSection[];
  closing: string;
}

/** A saved version, as the API returns it. */
export interface NewsletterVersion {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  period: string;
  /** 0: a fresh draft from the records, not saved yet. */
  version: number;
  savedBy: string | null;
  savedAt: string | null;
  content: NewsletterContent;
}

const quarterWords = { 1: 'one', 2: 'two', 3: 'three', 4: 'four' } as const;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const inQuarter = (date: IsoDate | undefined, start: IsoDate, endExclusive: IsoDate) =>
  !!date && date >= start && date < endExclusive;

function caseProgress(c: SeriousCase): string {
  if (c.decision === 'lcspr')
    return 'the Rapid Review led to a Local Child Safeguarding Practice Review.';
  if (c.decision === 'no-lcspr') return 'the Rapid Review agreed not to progress to an LCSPR.';
  if (c.decision) return `decision: ${caseDecisionText[c.decision]}.`;
  if (c.dates.rapidReviewSent)
    return `the Rapid Review was sent to the national Panel on ${formatLongDate(c.dates.rapidReviewSent)}.`;
  if (c.dates.rapidReviewStarted) return 'a Rapid Review is being undertaken.';
  return 'a Rapid Review will be undertaken.';
}

const list = (lines: string[]) => lines.map((l) => `- ${l}`).join('\n');

/** The newsletter for a quarter, drafted from its facts. */
export function draftNewsletter(facts: NewsletterFacts): NewsletterContent {
  const q = financialQuarter(facts.year, facts.quarter);
  const { start, endExclusive } = q;
  const short = facts.partnership.shortName;
  const within = (d: IsoDate | undefined) => inQuarter(d, start, endExclusive);
  const sections: NewsletterSection[] = [];
  const heading = (id: NewsletterSectionId) =>
    id === 'training' ? `${short} Training` : NEWSLETTER_SECTIONS.find((s) => s.id === id)!.heading;

  // Serious incidents: notifications sent to the Panel in the quarter (measure 4.2.1).
  const notified = facts.cases
    .filter((c) => within(c.dates.notificationSent))
    .sort((a, b) => a.reference.localeCompare(b.reference));
  const requests = facts.cases.filter((c) => within(londonDate(c.receivedAt)));
  const rapidReviews = facts.cases.filter((c) => within(c.dates.rapidReviewSent));
  sections.push({
    id: 'serious-incidents',
    heading: heading('serious-incidents'),
    text: [
      `${plural(notified.length, 'serious incident notification was', 'serious incident notifications were')} received during this quarter.`,
      notified.length > 0 ? list(notified.map((c) => `${c.reference}: ${caseProgress(c)}`)) : '',
      `${plural(requests.length, 'Child Safeguarding Practice Review consideration request was', 'Child Safeguarding Practice Review consideration requests were')} received, and ${plural(rapidReviews.length, 'Rapid Review was', 'Rapid Reviews were')} completed and sent to the national Panel.`,
    ]
      .filter(Boolean)
      .join('\n\n'),
    figures: [
      { label: 'Serious incident notifications', value: notified.length },
      { label: 'Consideration requests received', value: requests.length },
      { label: 'Rapid Reviews completed', value: rapidReviews.length },
    ],
  });

  // Reviews: LCSPRs under way at the quarter's end, and those published in it.
  const underway = facts.cases
    .filter(
      (c) =>
        !!c.dates.lcsprInitiated &&
        c.dates.lcsprInitiated < endExclusive &&
        !(c.dates.published && c.dates.published < endExclusive) &&
        !(c.dates.closed && c.dates.closed < endExclusive),
    )
    .sort((a, b) => a.reference.localeCompare(b.reference));
  const published = facts.cases
    .filter((c) => within(c.dates.published))
    .sort((a, b) => a.reference.localeCompare(b.reference));
  sections.push({
    id: 'reviews',
    heading: heading('reviews'),
    text: [
      underway.length === 0
        ? 'There are currently no Local Child Safeguarding Practice Reviews under way.'
        : `There ${underway.length === 1 ? 'is' : 'are'} currently ${plural(underway.length, 'Local Child Safeguarding Practice Review', 'Local Child Safeguarding Practice Reviews')} under way: ${underway.map((c) => c.reference).join(', ')}.`,
      published.length > 0
        ? `Published this quarter: ${published.map((c) => `${c.reference} (${formatLongDate(c.dates.published!)})`).join(', ')}. Recommendations from ${published.length === 1 ? 'this review' : 'these reviews'} are tracked by the Development Manager.`
        : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
    figures: [
      { label: 'LCSPRs under way at the end of the quarter', value: underway.length },
      { label: 'LCSPRs published', value: published.length },
    ],
  });

  const overlaps = (a: Activity) => a.startDate < endExclusive && a.endDate >= start;
  const describe = (a: Activity) =>
    a.endDate < endExclusive
      ? `${a.description} (${a.kindTitle.toLowerCase()}, ${formatLongDate(a.startDate)} to ${formatLongDate(a.endDate)}).`
      : `${a.description} (${a.kindTitle.toLowerCase()}, under way from ${formatLongDate(a.startDate)}, due to finish ${formatLongDate(a.endDate)}).`;
  const audits = facts.audits
    .filter(overlaps)
    .sort((a, b) => a.startDate.localeCompare(b.startDate));
  const auditsDone = audits.filter((a) => a.endDate < endExclusive).length;
  sections.push({
    id: 'audits',
    heading: heading('audits'),
    text:
      audits.length === 0
        ? 'No multi-agency audits took place this quarter.'
        : `${plural(audits.length, 'multi-agency audit was', 'multi-agency audits were')} carried out this quarter:\n\n${list(audits.map(describe))}`,
    figures: [
      { label: 'Audits this quarter', value: audits.length },
      { label: 'Of those, finished', value: auditsDone },
    ],
  });

  const activities = facts.activities
    .filter(overlaps)
    .sort((a, b) => a.startDate.localeCompare(b.startDate));
  const a = facts.actions;
  sections.push({
    id: 'work-streams',
    heading: heading('work-streams'),
    text: [
      `The ${short} Executive and Engine Room have continued to meet to progress the partnership's priorities. The Engine Room explored ${plural(facts.kloesExplored.total, 'Key Line of Enquiry', 'Key Lines of Enquiry')} this quarter${facts.kloesExplored.byTheme.length > 0 ? ` (${facts.kloesExplored.byTheme.map((t) => `${t.theme}: ${t.count}`).join('; ')})` : ''}.`,
      activities.length > 0
        ? `Investigative work this quarter:\n\n${list(activities.map(describe))}`
        : '',
      `Recommendations: ${a.made} made and ${a.completed} completed this quarter; ${a.impactTested} tested for impact. At the end of the quarter ${a.inProgress} ${a.inProgress === 1 ? 'was' : 'were'} in progress, of which ${a.overdue} overdue.`,
    ]
      .filter(Boolean)
      .join('\n\n'),
    figures: [
      { label: 'KLOEs explored', value: facts.kloesExplored.total },
      { label: 'Investigative activities', value: activities.length },
      { label: 'Recommendations made', value: a.made },
      { label: 'Recommendations completed', value: a.completed },
      { label: 'Recommendations in progress', value: a.inProgress },
      { label: 'Recommendations overdue', value: a.overdue },
      { label: 'Recommendations impact tested', value: a.impactTested },
    ],
  });

  const sessions = facts.training.filter((t) => within(t.on));
  const by = (d: 'in-person' | 'virtual' | 'hybrid') =>
    sessions.filter((s) => s.delivery === d).length;
  const modes = [
    [by('in-person'), 'face to face'],
    [by('virtual'), 'virtual'],
    [by('hybrid'), 'hybrid'],
  ].filter(([n]) => (n as number) > 0);
  sections.push({
    id: 'training',
    heading: heading('training'),
    text:
      sessions.length === 0
        ? 'No training sessions were recorded this quarter.'
        : `${short} continues to provide a hybrid model of face to face and virtual delivery of safeguarding children training. In this quarter ${plural(sessions.length, 'training session has', 'training sessions have')} been held${modes.length > 0 ? ` (${modes.map(([n, m]) => `${n} ${m}`).join(', ')})` : ''}, covering a range of safeguarding topics and themes.`,
    figures: [
      { label: 'Training sessions', value: sessions.length },
      { label: 'Face to face', value: by('in-person') },
      { label: 'Virtual', value: by('virtual') },
      { label: 'Hybrid', value: by('hybrid') },
    ],
  });

  const briefings = facts.briefings
    .filter((b) => within(b.issuedOn))
    .sort((x, y) => x.issuedOn.localeCompare(y.issuedOn));
  sections.push({
    id: 'briefings',
    heading: heading('briefings'),
    text:
      briefings.length === 0
        ? 'No briefings were issued this quarter.'
        : `${plural(briefings.length, 'briefing was', 'briefings were')} issued to partner agencies this quarter:\n\n${list(briefings.map((b) => `${b.title} (${formatLongDate(b.issuedOn)})`))}`,
    figures: [{ label: 'Briefings issued', value: briefings.length }],
  });

  const fy = `${facts.year}-${facts.year + 1}`;
  return {
    title: `${short} newsletter: quarter ${quarterWords[facts.quarter]} of ${fy}`,
    greeting: `Dear ${facts.partnership.name} Colleagues,`,
    intro: `Welcome to this edition of the ${short} newsletter, which aims to provide ${short} Partners and Relevant Agencies with a summary of work undertaken by the Partnership during quarter ${quarterWords[facts.quarter]} of ${fy} (${q.label.replace(/^.*\(|\)$/g, '')}).`,
    sections,
    closing: `For further updates and information go to the ${short} website or email the Business Unit.`,
  };
}

/** What the Business Unit may change: the words (figures stay as drafted). */
export const newsletterEditSchema = z.object({
  expectedVersion: z.number().int().min(0),
  /** The words were started again from the records: keep today's figures, not the last version's. */
  fromRecords: z.boolean().default(false),
  content: z.object({
    title: z.string().trim().min(1, 'Enter a title').max(200, 'Keep the title to 200 characters'),
    greeting: z.string().trim().max(300, 'Keep the greeting to 300 characters'),
    intro: z.string().trim().max(4000, 'Keep the introduction to 4,000 characters'),
    sections: z
      .array(
        z.object({
          id: z.enum(NEWSLETTER_SECTIONS.map((s) => s.id) as [NewsletterSectionId]),
          heading: z
            .string()
            .trim()
            .min(1, 'Enter a heading')
            .max(200, 'Keep headings to 200 characters'),
          text: z.string().trim().max(20_000, 'Keep each section to 20,000 characters'),
        }),
      )
      .length(NEWSLETTER_SECTIONS.length, 'Every section must be there'),
    closing: z.string().trim().max(1000, 'Keep the closing to 1,000 characters'),
  }),
});

export type NewsletterEdit = z.infer<typeof newsletterEditSchema>;

/**
 * Problems with an edit, by field path ("sections.2.text"), for the person
 * editing: it goes to every agency, so anything that identifies a child,
 * family or colleague is refused.
 */
export function checkNewsletterEdit(
  input: unknown,
): { ok: true; edit: NewsletterEdit } | { ok: false; errors: Record<string, string> } {
  const parsed = newsletterEditSchema.safeParse(input);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[issue.path.join('.')] ??= issue.message;
    return { ok: false, errors };
  }
  const errors: Record<string, string> = {};
  const screen = (path: string, text: string) => {
    const problem = identifyingRefusal(text, 'the newsletter goes to every agency and');
    if (problem) errors[path] = problem;
  };
  const c = parsed.data.content;
  screen('content.intro', c.intro);
  c.sections.forEach((s, i) => screen(`content.sections.${i}.text`, s.text));
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, edit: parsed.data };
}

/**
 * The newsletter as it is sent: a briefing of kind 'newsletter' to every agency's leads,
 * through the same cascade as a briefing note (stored as the briefing's content). The
 * words only, as saved: the figures were for the person editing it. Sections left empty
 * are left out.
 */
export interface NewsletterBriefing {
  kind: 'newsletter';
  title: string;
  greeting: string;
  intro: string;
  /** Paragraphs separated by a blank line; a paragraph of "- " lines is a list. */
  sections: { heading: string; text: string }[];
  closing: string;
  source: { type: 'newsletter'; year: number; quarter: 1 | 2 | 3 | 4; version: number };
}

export function newsletterAsBriefing(version: NewsletterVersion): NewsletterBriefing {
  const c = version.content;
  return {
    kind: 'newsletter',
    title: c.title,
    greeting: c.greeting,
    intro: c.intro,
    sections: c.sections
      .filter((s) => s.text.trim() !== '')
      .map((s) => ({ heading: s.heading, text: s.text })),
    closing: c.closing,
    source: {
      type: 'newsletter',
      year: version.year,
      quarter: version.quarter,
      version: version.version,
    },
  };
}

/**
 * The REST API (types shared with the tab):
 *
 * GET  /api/reports/newsletter?year=2025&quarter=3 -> NewsletterView: the
 *        latest saved version, or a new draft from the records (version 0)
 * GET  /api/reports/newsletter/draft?year=&quarter= -> NewsletterVersion: a new
 *        draft from the records, not saved ("start again")
 * GET  /api/reports/newsletter/versions/:version?year=&quarter= -> NewsletterVersion
 * POST /api/reports/newsletter?year=&quarter= body NewsletterEdit -> 201 NewsletterVersion
 *        (Business Unit, Development Manager); 409 when someone saved meanwhile;
 *        422 { errors } by field path
 * POST /api/briefings/newsletter body NewsletterSendInput -> BriefingStatus (Business Unit):
 *        sends a saved version as a briefing to every agency's leads (core/src/briefings/api.ts)
 */
export interface NewsletterView {
  current: NewsletterVersion;
  versions: { version: number; savedBy: string; savedAt: string }[];
  /** Once the quarter's newsletter has been sent as a briefing: which version, and when. */
  sentAs: NewsletterSent | null;
}

export interface NewsletterSent {
  briefingId: string;
  /** BRF-YYYY-NNNN */
  reference: string;
  version: number;
  sentBy: string;
  /** When the Business Unit pressed "Send as briefing"; the cascade follows within seconds. */
  sentAt: string;
}

/** Which saved version of a quarter's newsletter to send; it must be the latest. */
export interface NewsletterSendInput {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  version: number;
}
