import { escapeHtml, type Partnership } from '@pathways/core';

/** The privacy notice and terms the app manifest links to, in plain English. */
function page(title: string, partnership: Partnership, paragraphs: string[]): string {
  const escape = escapeHtml;
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} - Pathways</title>
<style>body{font-family:Arial,sans-serif;font-size:1rem;line-height:1.5;max-width:40rem;margin:2rem auto;padding:0 1rem}
@media (prefers-color-scheme: dark){body{background:#1f1f1f;color:#fff}a{color:#9cc3ff}}</style></head>
<body><main><h1>${escape(title)}</h1>
${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}
<p>${escape(partnership.name)}</p></main></body></html>`;
}

export function privacyNotice(partnership: Partnership): string {
  return page('Privacy notice', partnership, [
    `Pathways is run by the ${partnership.name} to carry its safeguarding communications between partner agencies.`,
    'It keeps what you submit (Key Lines of Enquiry, consideration requests, professional challenge records, acknowledgements of briefings), your name, your organisation and your work email address.',
    'Details that identify a child are asked for only in a consideration request. They are seen only by the Business Unit and the Engine Room, and every time anyone reads or changes them it is recorded.',
    'The data is held in the partnership\u2019s own Microsoft Azure subscription in the UK, and is kept for as long as the partnership\u2019s retention schedule says.',
    'To ask what is held about you, or to correct it, contact the partnership\u2019s Business Unit.',
  ]);
}

export function termsOfUse(partnership: Partnership): string {
  return page('Terms of use', partnership, [
    `Pathways is for staff of the ${partnership.name}\u2019s partner agencies, for partnership business only.`,
    'Do not put a child\u2019s name or other identifying details anywhere except the consideration request form, which asks for them.',
    'Pathways does not replace your agency\u2019s own safeguarding procedures. If a child is at immediate risk, call 999.',
  ]);
}
