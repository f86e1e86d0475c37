/**
 * Spots text that looks as if it identifies a person: KLOEs are about systems,
 * not named children. KLOE fields only warn (people can go on once they have
 * checked); a field declared blockIdentifyingDetails refuses them outright.
 * It says what kind of detail it saw, never the detail itself.
 */
export type IdentifyingKind =
  | 'nhs-number'
  | 'postcode'
  | 'phone-number'
  | 'name-and-date-of-birth'
  | 'address'
  | 'email-address'
  | 'titled-name';

const describe: Record<IdentifyingKind, string> = {
  'nhs-number': 'an NHS number',
  postcode: 'a postcode',
  'phone-number': 'a phone number',
  'name-and-date-of-birth': 'a name with a date of birth',
  address: 'a street address',
  'email-address': 'an email address',
  'titled-name': 'a person\u2019s name',
};

export function describeIdentifyingKind(kind: IdentifyingKind): string {
  return describe[kind];
}

function isValidNhsNumber(digits: string): boolean {
  // Modulus 11 check digit, as NHS numbers use.
  const sum = [...digits.slice(0, 9)].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === Number(digits[9]);
}

const nhsCandidate = /\b(\d{3})[ -]?(\d{3})[ -]?(\d{4})\b/g;
const postcode = /\b(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b/i;
const phone = /(?:\+44\s?|\b0)(?:\d[\s-]?){9,10}\b/;
const date = String.raw`\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{2}|\d{4})|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{4})\b`;
const dobLabel = new RegExp(
  String.raw`\b(?:dob|d\.o\.b\.?|date of birth|born)\b[:\s]*(?:on\s+)?${date}`,
  'i',
);
// Two capitalised words then a date soon after: "Jamie Smith, 04/05/2015".
const nameThenDate = new RegExp(String.raw`\b[A-Z][a-z]+\s+[A-Z][a-z]+\b[^.\n]{0,25}?${date}`);
const streetAddress =
  /\b\d{1,4}[a-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Terrace|Court|Place|Grove|Gardens|Walk|View|Square|Mews)\b/;

const email = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/;
// "Mrs Jones", "Dr. Patel": a title then a surname names a person (a colleague, a parent).
const titledName = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][a-z'-]+/;

/** The kinds of identifying detail the text seems to hold, in a stable order. */
export function findIdentifyingDetails(text: string): IdentifyingKind[] {
  const found = new Set<IdentifyingKind>();
  for (const m of text.matchAll(nhsCandidate)) {
    if (isValidNhsNumber(`${m[1]}${m[2]}${m[3]}`)) found.add('nhs-number');
  }
  if (postcode.test(text)) found.add('postcode');
  if (phone.test(text)) found.add('phone-number');
  if (dobLabel.test(text) || nameThenDate.test(text)) found.add('name-and-date-of-birth');
  if (streetAddress.test(text)) found.add('address');
  if (email.test(text)) found.add('email-address');
  if (titledName.test(text)) found.add('titled-name');
  const order: IdentifyingKind[] = [
    'name-and-date-of-birth',
    'titled-name',
    'nhs-number',
    'address',
    'postcode',
    'phone-number',
    'email-address',
  ];
  return order.filter((k) => found.has(k));
}

const placeholder: Record<IdentifyingKind, string> = {
  'nhs-number': '[NHS number removed]',
  postcode: '[postcode removed]',
  'phone-number': '[phone number removed]',
  'name-and-date-of-birth': '[name and date of birth removed]',
  address: '[address removed]',
  'email-address': '[email address removed]',
  'titled-name': '[name removed]',
};

/** What redactIdentifyingDetails puts in place of a detail of this kind. */
export function identifyingPlaceholder(kind: IdentifyingKind): string {
  return placeholder[kind];
}

const global = (pattern: RegExp) =>
  new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);

/**
 * Text copied from elsewhere (an email) with what looks identifying taken out and
 * marked, e.g. "[phone number removed]", and the kinds taken out. The same patterns
 * as findIdentifyingDetails, so what it leaves raises no warning from them.
 */
export function redactIdentifyingDetails(text: string): {
  text: string;
  removed: IdentifyingKind[];
} {
  const removed = new Set<IdentifyingKind>();
  // Keeps the space a pattern took after the detail (a phone number's).
  const swap = (kind: IdentifyingKind) => (match: string) => {
    removed.add(kind);
    return placeholder[kind] + (/\s+$/.exec(match)?.[0] ?? '');
  };
  let out = text;
  out = out.replace(global(email), swap('email-address'));
  out = out.replace(global(dobLabel), swap('name-and-date-of-birth'));
  out = out.replace(global(nameThenDate), swap('name-and-date-of-birth'));
  out = out.replace(global(streetAddress), swap('address'));
  out = out.replace(global(titledName), swap('titled-name'));
  out = out.replace(nhsCandidate, (match: string, a: string, b: string, c: string) =>
    isValidNhsNumber(`${a}${b}${c}`) ? swap('nhs-number')(match) : match,
  );
  out = out.replace(global(postcode), swap('postcode'));
  out = out.replace(global(phone), swap('phone-number'));
  const order = findIdentifyingDetails(text);
  return { text: out, removed: order.filter((k) => removed.has(k)) };
}
