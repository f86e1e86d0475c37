import { escapeHtml } from '../text/escape-html';
import type { Partnership } from '../partnerships/partnership';
import {
  BRIEFING_NOTE_FORM,
  briefingKindTitle,
  isNewsletter,
  type BriefingContent,
  type BriefingNote,
} from './briefing';
import type { NewsletterBriefing } from '../reports/newsletter';
import { CASCADE_METHODS } from './api';

/**
 * The briefing email, rendered from the declaration: branded HTML (logo with alt text,
 * Arial 11, the partnership's colour or black), a large-print variant and the plain-text
 * part. Every piece of free text is escaped: what the Business Unit typed can never become
 * markup, a link or a script in 1,600 mailboxes. A newsletter (kind 'newsletter') is
 * rendered the same way, each of its sections under a real heading.
 */
export interface BriefingEmailInput {
  partnership: Partnership;
  note: BriefingContent;
  /** BRF-YYYY-NNNN */
  reference: string;
  /** Where the logo comes from: `cid:...` for an inline part of the message. */
  logoSrc: string;
}

export interface BriefingEmail {
  subject: string;
  html: string;
  largePrintHtml: string;
  text: string;
}

/** Paragraphs at blank lines, line breaks kept; each line escaped. */
function paragraphs(text: string, style: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p style="${style}">${p.split('\n').map(escapeHtml).join('<br>')}</p>`)
    .join('\n');
}

// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]+/g;

/** One line, for a subject header: no line breaks, no control characters. */
export function oneLine(text: string): string {
  return text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of a colour against white. */
export function contrastOnWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

/** The partnership's colour for headings when it reads on white (AA, 4.5:1); black otherwise. */
export function headingColour(partnership: Partnership): string {
  const colour = partnership.brand.primaryColour;
  return contrastOnWhite(colour) >= 4.5 ? colour : '#000000';
}

export function briefingSubject(partnership: Partnership, note: BriefingContent): string {
  if (isNewsletter(note)) {
    // The drafted title names the partnership already ("HSSCP newsletter: ..."); an edited
    // one may not, and a subject must say who it is from.
    const title = oneLine(note.title);
    return title.startsWith(partnership.shortName)
      ? title
      : oneLine(`${partnership.shortName} newsletter: ${title}`);
  }
  return oneLine(`${partnership.shortName} briefing note: ${note.title}`);
}

/**
 * A newsletter section's text as blocks: paragraphs at blank lines, and a paragraph whose
 * every line starts "- " as a list (as the tab shows it).
 */
function blocksOf(
  text: string,
): ({ list: false; lines: string[] } | { list: true; items: string[] })[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => {
      const lines = p.split('\n');
      return lines.every((l) => l.startsWith('- '))
        ? { list: true as const, items: lines.map((l) => l.slice(2)) }
        : { list: false as const, lines };
    });
}

const label = (id: keyof BriefingNote) => BRIEFING_NOTE_FORM.fields.find((f) => f.id === id)!.label;

const whatWeNeedForNewsletter = (shortName: string) => [
  'Acknowledge that you have received this newsletter.',
  `Share it inside your organisation (${CASCADE_METHODS.map((m) => m.title.toLowerCase()).join(', ')}) and record how, when and about how many staff it reached.`,
  'It makes no recommendations, so there is no change or impact to report.',
  `Do both from Outlook: open this email and choose Pathways (${shortName}) on the ribbon.`,
];

const whatWeNeed = (shortName: string) => [
  'Acknowledge that you have received this briefing.',
  `Cascade it inside your organisation (${CASCADE_METHODS.map((m) => m.title.toLowerCase()).join(', ')}) and record how, when and about how many staff it reached.`,
  'Later, report what changed in your agency and its impact, against each recommendation.',
  `Do all three from Outlook: open this email and choose Pathways (${shortName}) on the ribbon.`,
];

/** The newsletter's body in HTML: greeting, introduction, each section under its heading. */
function newsletterParts(
  note: NewsletterBriefing,
  r: {
    heading: (level: 1 | 2, content: string) => string;
    /** A paragraph of HTML already escaped. */
    paragraph: (content: string) => string;
    list: (items: string[], ordered: boolean) => string;
    reference: string;
  },
): string[] {
  const block = (t: string) =>
    blocksOf(t).map((b) =>
      b.list ? r.list(b.items, false) : r.paragraph(b.lines.map(escapeHtml).join('<br>')),
    );
  return [
    r.heading(1, note.title),
    r.paragraph(
      `<strong>${escapeHtml(briefingKindTitle(note.kind))}</strong> &middot; Reference: ${escapeHtml(r.reference)}`,
    ),
    ...block(note.greeting),
    ...block(note.intro),
    ...note.sections.flatMap((s) => [r.heading(2, s.heading), ...block(s.text)]),
    ...block(note.closing),
  ];
}

function html(input: BriefingEmailInput, largePrint: boolean): string {
  const { partnership, note, reference } = input;
  const colour = headingColour(partnership);
  const font = `${partnership.brand.font}, Helvetica, sans-serif`;
  const size = largePrint ? '18pt' : '11pt';
  const h1 = largePrint ? '26pt' : '16pt';
  const h2 = largePrint ? '22pt' : '13pt';
  const text = `margin:0 0 ${largePrint ? '16pt' : '8pt'} 0;font-family:${font};font-size:${size};line-height:1.5;color:#000000`;
  const heading = (level: 1 | 2, content: string) =>
    `<h${level} style="margin:${largePrint ? '24pt' : '14pt'} 0 ${largePrint ? '10pt' : '6pt'} 0;font-family:${font};font-size:${level === 1 ? h1 : h2};font-weight:bold;color:${colour}">${escapeHtml(content)}</h${level}>`;
  const logo = partnership.brand.logo;
  const logoWidth = largePrint ? 300 : 200;
  const logoHeight = Math.round((logoWidth * logo.heightPx) / logo.widthPx);
  const list = (items: string[], ordered: boolean) => {
    const tag = ordered ? 'ol' : 'ul';
    return `<${tag} style="margin:0 0 ${largePrint ? '16pt' : '8pt'} 0;padding-left:${largePrint ? '36pt' : '24pt'}">${items
      .map(
        (item) =>
          `<li style="font-family:${font};font-size:${size};line-height:1.5;color:#000000;margin-bottom:${largePrint ? '8pt' : '4pt'}">${item
            .split('\n')
            .map(escapeHtml)
            .join('<br>')}</li>`,
      )
      .join('')}</${tag}>`;
  };
  const title = briefingSubject(partnership, note);
  const body = isNewsletter(note)
    ? newsletterParts(note, {
        heading,
        paragraph: (content) => `<p style="${text}">${content}</p>`,
        list,
        reference,
      }).concat([
        heading(2, 'What we need from your agency'),
        list(whatWeNeedForNewsletter(partnership.shortName), false),
      ])
    : [
        heading(1, note.title),
        `<p style="${text}"><strong>${escapeHtml(briefingKindTitle(note.kind))} briefing</strong> &middot; Theme: ${escapeHtml(note.theme)} &middot; Reference: ${escapeHtml(reference)}</p>`,
        heading(2, label('identifiedLearning')),
        paragraphs(note.identifiedLearning, text),
        heading(2, label('recommendations')),
        list(note.recommendations, true),
        heading(2, label('proposedActions')),
        paragraphs(note.proposedActions, text),
        heading(2, 'What we need from your agency'),
        list(whatWeNeed(partnership.shortName), false),
      ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title></head>`,
    `<body style="margin:0;padding:${largePrint ? '16pt' : '12pt'};background:#ffffff;font-family:${font};font-size:${size};color:#000000">`,
    `<div role="article" aria-label="${escapeHtml(title)}" style="max-width:${largePrint ? '900px' : '680px'}">`,
    `<p style="${text}"><img src="${escapeHtml(input.logoSrc)}" alt="${escapeHtml(logo.alt)}" width="${logoWidth}" height="${logoHeight}" style="display:block;border:0;width:${logoWidth}px;height:${logoHeight}px"></p>`,
    ...body,
    `<p style="${text}">${escapeHtml(partnership.name)}. ${largePrint ? '' : 'A large-print copy is attached.'}</p>`,
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}

const underline = (s: string, c: string) => `${s}\n${c.repeat(Math.min(s.length, 72))}`;

function newsletterText(partnership: Partnership, note: NewsletterBriefing, reference: string) {
  const block = (t: string) =>
    blocksOf(t).flatMap((b) => [...(b.list ? b.items.map((i) => `* ${i}`) : b.lines), '']);
  return [
    partnership.name,
    '',
    underline(oneLine(note.title), '='),
    '',
    `${briefingKindTitle(note.kind)}. Reference: ${reference}.`,
    '',
    ...block(note.greeting),
    ...block(note.intro),
    ...note.sections.flatMap((s) => [underline(oneLine(s.heading), '-'), '', ...block(s.text)]),
    ...block(note.closing),
    underline('What we need from your agency', '-'),
    '',
    ...whatWeNeedForNewsletter(partnership.shortName).map((line) => `* ${line}`),
    '',
  ].join('\n');
}

function plainText(input: BriefingEmailInput): string {
  const { partnership, note, reference } = input;
  if (isNewsletter(note)) return newsletterText(partnership, note, reference);
  return [
    partnership.name,
    '',
    underline(oneLine(note.title), '='),
    '',
    `${briefingKindTitle(note.kind)} briefing. Theme: ${note.theme}. Reference: ${reference}.`,
    '',
    underline(label('identifiedLearning'), '-'),
    '',
    note.identifiedLearning,
    '',
    underline(label('recommendations'), '-'),
    '',
    ...note.recommendations.map((r, i) => `${i + 1}. ${r}`),
    '',
    underline(label('proposedActions'), '-'),
    '',
    note.proposedActions,
    '',
    underline('What we need from your agency', '-'),
    '',
    ...whatWeNeed(partnership.shortName).map((line) => `* ${line}`),
    '',
  ].join('\n');
}

export function renderBriefingEmail(input: BriefingEmailInput): BriefingEmail {
  return {
    subject: briefingSubject(input.partnership, input.note),
    html: html(input, false),
    largePrintHtml: html(input, true),
    text: plainText(input),
  };
}
