import { nameStrength, taggedAsPerson } from './names';
import { defaultVocabulary, type ScreenVocabulary } from './vocabulary';

/**
 * The one screen for identifying details. KLOEs, challenges, briefings and
 * newsletters are about systems and are read across agencies: they must not
 * name or identify a child, a family member or a colleague. Every form, card,
 * dialog and pre-fill screens text through screenText. It says which kinds of
 * detail it found (never the detail) and gives the text with each detail
 * replaced by a marker of its kind.
 */
export type IdentifyingKind =
  | 'name'
  | 'date-of-birth'
  | 'address'
  | 'postcode'
  | 'phone-number'
  | 'email-address'
  | 'nhs-number'
  | 'ni-number'
  | 'pupil-number'
  | 'case-number'
  | 'social-media-handle';

/** Every kind, in the order warnings list them. */
export const identifyingKinds: readonly IdentifyingKind[] = [
  'name',
  'date-of-birth',
  'address',
  'postcode',
  'phone-number',
  'email-address',
  'nhs-number',
  'ni-number',
  'pupil-number',
  'case-number',
  'social-media-handle',
];

const description: Record<IdentifyingKind, string> = {
  name: 'a person\u2019s name',
  'date-of-birth': 'a date of birth',
  address: 'a street address',
  postcode: 'a postcode',
  'phone-number': 'a phone number',
  'email-address': 'an email address',
  'nhs-number': 'an NHS number',
  'ni-number': 'a National Insurance number',
  'pupil-number': 'a Unique Pupil Number',
  'case-number': 'a case or reference number',
  'social-media-handle': 'a social media handle',
};

const marker: Record<IdentifyingKind, string> = {
  name: '[name removed]',
  'date-of-birth': '[date of birth removed]',
  address: '[address removed]',
  postcode: '[postcode removed]',
  'phone-number': '[phone number removed]',
  'email-address': '[email address removed]',
  'nhs-number': '[NHS number removed]',
  'ni-number': '[National Insurance number removed]',
  'pupil-number': '[pupil number removed]',
  'case-number': '[case number removed]',
  'social-media-handle': '[social media handle removed]',
};

/** "a person’s name", "an NHS number": for warnings, which name the kind, never the detail. */
export function describeIdentifyingKind(kind: IdentifyingKind): string {
  return description[kind];
}

/**
 * The refusal for a field that must not identify anyone ("Take out a person’s name:
 * this form must not…"), naming the kinds found, never the details; undefined when clear.
 */
export function identifyingRefusal(
  text: string,
  what: string,
  vocabulary: ScreenVocabulary = defaultVocabulary,
): string | undefined {
  const { kinds } = screenText(text, vocabulary);
  return kinds.length > 0
    ? `Take out ${kinds.map(describeIdentifyingKind).join(', ')}: ${what} must not identify a child, family or colleague`
    : undefined;
}

/** What screenText puts in place of a detail of this kind, e.g. "[name removed]". */
export function identifyingMarker(kind: IdentifyingKind): string {
  return marker[kind];
}

export interface Screened {
  /** The kinds of detail found, in a stable order; empty when the text is clear. */
  kinds: IdentifyingKind[];
  /** The text with each detail replaced by its kind's marker. */
  redacted: string;
}

interface Span {
  start: number;
  end: number;
  kind: IdentifyingKind;
}

// ---- Identifiers -------------------------------------------------------------------------

const month =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const date = [
  String.raw`\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})`,
  String.raw`\d{4}-\d{2}-\d{2}`,
  String.raw`\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+${month}\.?,?\s+(?:\d{4}|\d{2})`,
  String.raw`${month}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}`,
  String.raw`${month}\s+\d{4}`,
  String.raw`(?:0?[1-9]|1[0-2])[/.-](?:19|20)\d{2}`,
].join('|');
const dateAnywhere = new RegExp(String.raw`\b(?:${date})\b`, 'gi');
const wholeDate = new RegExp(String.raw`^(?:${date})$`, 'i');
const dateOfBirth = new RegExp(
  String.raw`\b(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?(?:\s+the)?|b\.)\s*[:-]?\s*(?:${date})\b`,
  'gi',
);

const email = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g;
// A service's shared mailbox names no one.
const serviceMailbox =
  /^(?:hub|mash|referrals?|safeguarding|enquiries|info|admin|office|contact|duty|frontdoor|lado|edt|reception|team|helpdesk|noreply|no-reply)(?:[._-]\w+)?$/i;
const atHandle = /(?<![\w.@])@[A-Za-z0-9_][A-Za-z0-9_.]{1,29}/g;
const labelledHandle =
  /\b(?:snapchat|snap|tiktok|instagram|insta|facebook|twitter|discord|telegram|roblox|xbox|psn|whatsapp|youtube)(?:\s+(?:handle|name|username|account|id|user))?\s*(:|\bis\b|\bas\b)\s*@?([A-Za-z0-9_][A-Za-z0-9_.]{2,29})/gi;
const nhsCandidate = /\b(\d{3})[ -]?(\d{3})[ -]?(\d{4})\b/g;
const niNumber =
  /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b/gi;
const upn = /\b[A-HJ-NP-RT-Z]\d{12}\b/gi;
const caseLabel = String.raw`(?:case|ref(?:erence)?|crime(?:\s+ref(?:erence)?)?|incident|occurrence|log|LCS|Mosaic|Liquidlogic|EHM|Eclipse|ICS|SystmOne|EMIS|hospital|patient|client|child|person|CRN|PNC|URN|MRN)`;
const caseNumber = new RegExp(
  String.raw`\b${caseLabel}(?:\s+(?:no\.?|number|num|id|ref(?:erence)?))?\s*[:#]?\s*([A-Z]{0,4}[-/]?\d[\w/-]*)`,
  'gi',
);
// Pathways' own references (KLOE-2026-0001) are about records of systems, not a child's case.
const pathwaysReference = /^(?:KLOE|CSPR|PC|BRF|REC)-\d{4}-\d{4}$/i;
const phone = /(?:\+44\s?(?:\(0\)\s?)?|\b0)(?:\d[\s-]?){9,10}\b/g;
const postcode = /\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b/gi;
const streetWords =
  'Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Terrace|Court|Place|Grove|Gardens|Walk|View|Square|Mews|Row|Hill|Rise|Green|Parade|Yard|Wynd|Vale|Croft|Fold|Brow|Chase|Estate|Park';
const streetAddress = new RegExp(
  String.raw`\b\d{1,4}[a-z]?,?\s+(?:[A-Z][\p{L}'’-]*\s+){1,3}(?:${streetWords})\b`,
  'gu',
);
const flat =
  /\b(?:flat|apartment|apt)\s+\d{1,4}[a-z]?\b(?:,?\s+(?:[A-Z][\p{L}'’-]*\s+){0,3}(?:House|Court|Tower|Towers|Heights|Mansions|Lodge|Buildings|Point|Gardens)\b)?/giu;
const titledName = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][\p{L}'’-]+/gu;

function isValidNhsNumber(digits: string): boolean {
  // Modulus 11 check digit, as NHS numbers use.
  const sum = [...digits.slice(0, 9)].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === Number(digits[9]);
}

const upnLetters = 'ABCDEFGHJKLMNPQRTUVWXYZ';
function isValidUpn(value: string): boolean {
  // The DfE check letter: the 12 digits weighted 2..13, summed, modulo 23.
  const sum = [...value.slice(1)].reduce((acc, d, i) => acc + Number(d) * (i + 2), 0);
  return upnLetters[sum % 23] === value[0]!.toUpperCase();
}

const digitsOf = (s: string) => s.replace(/\D/g, '').replace(/^44/, '0');

// ---- Vocabulary ---------------------------------------------------------------------------

interface Compiled {
  terms: RegExp | undefined;
  phones: Set<string>;
  emails: Set<string>;
}
const compiled = new WeakMap<ScreenVocabulary, Compiled>();

function compile(v: ScreenVocabulary): Compiled {
  const found = compiled.get(v);
  if (found) return found;
  const escape = (t: string) =>
    t
      .trim()
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/['’]/g, "['’]")
      .replace(/\s+/g, '\\s+');
  const terms = [...new Set(v.terms.map((t) => t.trim()).filter((t) => t.length > 1))].sort(
    (a, b) => b.length - a.length,
  );
  const result: Compiled = {
    terms:
      terms.length > 0
        ? new RegExp(
            `(?<![\\p{L}\\d])(?:${terms.map(escape).join('|')})(?:s|es)?(?![\\p{L}\\d])`,
            'giu',
          )
        : undefined,
    phones: new Set(v.phoneNumbers.map(digitsOf)),
    emails: new Set(v.emailAddresses.map((e) => e.toLowerCase())),
  };
  compiled.set(v, result);
  return result;
}

// ---- Names --------------------------------------------------------------------------------

const relation = String.raw`(?:(?:older|younger|little|big|baby|twin|step|half|elder|new|maternal|paternal)[\s-]+)*(?:sister|brother|sibling|son|daughter|mum|mother|mam|dad|father|stepdad|stepmum|nan|nana|nanna|gran|granny|grandma|grandmother|grandad|grandfather|aunt|auntie|aunty|uncle|cousin|niece|nephew|baby|boy|girl|child|twins?|partner|boyfriend|girlfriend|carer|pupil|student|toddler|infant|teenager|young person)s?`;
// "her brother Mohammed", "sister, Chloe", "pupil Bartosz": not "Child Protection" (a capitalised word alone).
const relationBefore = new RegExp(
  String.raw`(?:^|[^\p{L}])(?:(his|her|their|my|our|the|a|an|mum['’]s|dad['’]s|child['’]s)\s+)?(${relation})\s*([,(:]?)\s*$`,
  'iu',
);
const namedBefore = /(?:^|[^\p{L}])(?:named|called|known as)\s+$/iu;
function relationPrecedes(before: string): boolean {
  if (namedBefore.test(before)) return true;
  const m = relationBefore.exec(before);
  if (!m) return false;
  return m[1] !== undefined || m[3] !== '' || /^\p{Ll}/u.test(m[2]!);
}
const childAfter = [
  new RegExp(
    String.raw`^['’]s\s+(?:${relation}|parents?|family|teacher|form tutor|school|class|home|social worker|nursery|foster carers?|PE teacher|father|mother)\b`,
    'iu',
  ),
  /^\s*[,(]?\s*(?:aged?|age)\s*\d/i,
  /^\s*[,(]?\s*(?:both\s+|all\s+)?(?:in\s+)?(?:year|yr|y)\s?\d{1,2}\b/i,
  /^\s*,\s*(?:she|he|they)\s+(?:is|was|are)\s+\d{1,2}\b/i,
  /^\s*[,(]\s*(?:reception|nursery)\b/i,
  /^\s*,?\s*(?:is|was|turned|turns)\s+(?:only\s+|just\s+|now\s+)?(?:\d{1,2}\b|a baby|in year|in reception|pregnant)/i,
  /^\s*[,(]?\s*\d{1,2}\s+(?:months?|years?|weeks?|days?)(?:\s+old)?\b/i,
  // "Hope, born 12 January", "Ava born on 3 May": not "Summer born children".
  /^\s*(?:[,(]\s*(?:born|dob|d\.o\.b)\b|(?:born|dob|d\.o\.b)\.?\s*(?:on\s+|in\s+)?(?:the\s+)?\d)/i,
  // "Skyla, his girlfriend, is 14".
  new RegExp(String.raw`^\s*,\s*(?:his|her|their|my|our)\s+${relation}\b`, 'iu'),
];
// An age alone after a name: "Chloe, 10,", "Kai (2)", "(Yusuf 6, Hamza 4)"; not "Midwifery, 4 referrals".
const ageAfter =
  /^(?:\s*[,(]\s*|\s+)\d{1,2}\s*(?:[,)]|$|\s+(?:and|but|was|is|has|had|who|were|lives|said|told)\b)/i;
// For a word no list knows as a name, an age must come with what a person does ("Zuriel, 5, was
// seen"), so that "Health (9), Police (30)" in a list of figures is not a child.
const ageThenPerson =
  /^\s*[,(]\s*\d{1,2}\s*[,)]?\s*(?:was|is|has|had|who|lives|said|told|and\s+(?:his|her|their))\b/i;

// What children and family members do in practitioners' notes: a first name alone is a person then.
const personAfter = new RegExp(
  String.raw`^\s+(?:(?:was|were|has\s+been|had\s+been|is|is\s+being)\s+(?:not\s+)?(?:seen|found|left|taken|brought|born|excluded|reported|collected|placed|arrested|stopped|admitted|discharged|sent|weighed|married|exploited|missing|living|sleeping|walking|caring|interpreting|working|using|staying|groomed|hit|hurt|injured)|said|says|told|disclosed|stopped attending|arrives|arrived|live|lives|lived|attends|attended|posts|posted|texted|cares for|crying|screaming|hiding|self-harm\w*|went missing|ran away|has\s+(?:a|an|two|three|four|\d)\s+${relation})\b`,
  'iu',
);

// "Mum said Blessing…", "we saw Darcie": a capitalised word after these is a person.
const spokenOf =
  /(?:^|[^\p{L}])(?:said|say|says|told|tell|saw|asked|visited|met|about|little)(?:\s+that)?\s+$/iu;
// "Police log number 0934 of 14/02/2025": a short log number with its date.
const logNumber = new RegExp(
  String.raw`\b(?:log|incident|occurrence|crime)\s+(?:no\.?|number)?\s*[:#]?\s*(\d{3,5})\s+(?:of|dated|on)\s+(?:${date})`,
  'gi',
);

// Words after a capitalised name that make it an organisation or a place ("Alice House").
const placeWords = new Set(
  (
    'house road rd street st avenue lane close drive way crescent terrace court place grove gardens walk view square ' +
    'mews ward unit centre center clinic hospital hub school academy college primary nursery university trust ' +
    'foundation review law rule tool team service services panel project surgery practice medical hall park ' +
    'church mosque temple chapel library hotel estate building tower lodge group partnership council police station ' +
    'programme scheme award act report inquiry fund charity home homes hospice ward wing suite'
  ).split(' '),
);
// Words before one that make it part of a place ("St Mary's", "Queen Elizabeth").
const placeBefore =
  /(?:^|[^\p{L}])(?:st\.?|saint|queen|king|prince|princess|lady|sir|lord|mount|port|fort)\s+$/iu;

const wordPattern = /\p{L}[\p{L}'’-]*\p{L}|\p{L}/gu;
const sentenceEnd = /[.!?\n]/;

interface Token {
  text: string;
  start: number;
  end: number;
}

function isCapitalised(word: string): boolean {
  // Not an acronym, nor its plural: MASH, GPs, DSLs.
  return /^\p{Lu}/u.test(word) && !/^\p{Lu}[\p{Lu}\d]+/u.test(word);
}

function baseOf(word: string): string {
  return word.replace(/['’]s$/i, '').toLowerCase();
}

/** The surest reading of a word as a name, taking "Lily-Mae" and "D'Andre" by their parts. */
function strengthOf(base: string): ReturnType<typeof nameStrength> {
  const whole = nameStrength(base);
  if (whole !== 'unknown' && whole !== 'known-word') return whole;
  const parts = base.split(/['’-]/).filter((p) => p.length >= 3);
  if (parts.length < 2) return whole;
  const rank = ['first-name', 'word-name', 'surname'] as const;
  for (const r of rank) if (parts.some((p) => nameStrength(p) === r)) return r;
  return whole;
}

function sentenceAround(text: string, start: number, end: number): string {
  let s = start;
  while (s > 0 && !sentenceEnd.test(text[s - 1]!)) s--;
  let e = end;
  while (e < text.length && !sentenceEnd.test(text[e]!)) e++;
  return text.slice(s, e);
}

function findNames(text: string, isFree: (s: number, e: number) => boolean): Span[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(wordPattern)) {
    tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  const spans: Span[] = [];
  let lastNameEnd = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!isFree(t.start, t.end)) continue;
    const base = baseOf(t.text);
    if (base.length < 2) continue;
    const strength = strengthOf(base);
    if (strength === 'known-word') continue;
    const capital = isCapitalised(t.text);
    if (!capital && /^\p{Lu}/u.test(t.text)) continue; // an acronym: MASH, CAMHS
    if (strength === 'unknown' && (!capital || base.length < 3)) continue;

    // A run of capitalised words ending in a place word is a place or a service.
    let j = i + 1;
    while (j < tokens.length && j - i <= 3 && isCapitalised(tokens[j]!.text)) {
      if (placeWords.has(tokens[j]!.text.toLowerCase())) break;
      if (text.slice(tokens[j - 1]!.end, tokens[j]!.start).trim() !== '') break;
      j++;
    }
    const next = tokens[j];
    const joined = next && text.slice(tokens[j - 1]!.end, next.start).trim() === '';
    // "Alice House", "Bishop Auckland hospital", "St Mary's Hospital"; not "Miley's school".
    const possessive = j === i + 1 && /['’]s$/i.test(t.text);
    if (
      capital &&
      next &&
      joined &&
      placeWords.has(next.text.toLowerCase()) &&
      (!possessive || isCapitalised(next.text))
    ) {
      i = j;
      continue;
    }
    if (capital && placeBefore.test(text.slice(Math.max(0, t.start - 10), t.start))) continue;

    // "Riley's stepdad": the context starts at the possessive.
    const nameOnlyEnd = /['’]s$/i.test(t.text) ? t.end - 2 : t.end;
    const before = text.slice(Math.max(0, t.start - 40), t.start);
    let cut = before.length;
    while (cut > 0 && !sentenceEnd.test(before[cut - 1]!)) cut--;
    const beforeInSentence = before.slice(cut);
    const after = text.slice(t.end, t.end + 40).split(/[.!?\n](?!\d)/)[0] ?? '';
    const inList = lastNameEnd >= 0 && /^\s*(?:and|&|,)\s*$/.test(text.slice(lastNameEnd, t.start));
    const afterName = text.slice(nameOnlyEnd, nameOnlyEnd + 40);
    const known = strength === 'first-name' || strength === 'word-name';
    const childContext =
      relationPrecedes(beforeInSentence) ||
      inList ||
      childAfter.some((p) => p.test(afterName)) ||
      (known ? ageAfter.test(afterName) : ageThenPerson.test(afterName));
    const personContext =
      childContext || personAfter.test(after) || spokenOf.test(beforeInSentence);

    let isName: boolean;
    if (capital) {
      // A first name alone is a child or family member only in context ("Eli chairs the
      // meeting" names a colleague doing their job); with a surname it is a person anyway.
      const following = tokens[i + 1];
      const withSurname =
        following !== undefined &&
        text.slice(t.end, following.start) === ' ' &&
        !/['’]s$/i.test(t.text) &&
        isCapitalised(following.text) &&
        !placeWords.has(following.text.toLowerCase()) &&
        isFree(following.start, following.end);
      isName =
        (strength === 'first-name' && withSurname) ||
        ((strength === 'first-name' ||
          strength === 'word-name' ||
          strength === 'unknown' ||
          strength === 'surname') &&
          personContext);
    } else {
      // In lower case, only a known name beside a child's context or a surname compromise reads as a person.
      const following = tokens[i + 1];
      const withSurname =
        following !== undefined &&
        nameStrength(baseOf(following.text)) === 'surname' &&
        taggedAsPerson(sentenceAround(text, t.start, t.end), base);
      const childAfterIt = childAfter.some((p) => p.test(afterName)) || ageAfter.test(afterName);
      isName =
        ((strength === 'first-name' || strength === 'word-name') &&
          (childContext || withSurname)) ||
        // "baby harper was 6 weeks old": a relation before and an age after.
        (relationPrecedes(beforeInSentence) && childAfterIt);
    }
    if (!isName) continue;

    // The surname (or middle names) after it: capitalised words up to the next gap.
    let end = t.end;
    let k = i + 1;
    while (k < tokens.length && k - i <= 2) {
      const n = tokens[k]!;
      if (text.slice(end, n.start).trim() !== '') break;
      const nb = baseOf(n.text);
      const surnameInLowerCase = !isCapitalised(n.text) && nameStrength(nb) === 'surname';
      if (!(isCapitalised(n.text) || surnameInLowerCase) || placeWords.has(nb)) break;
      if (!isFree(n.start, n.end)) break;
      end = n.text.match(/['’]s$/i) ? n.end - 2 : n.end;
      k++;
    }
    const nameEnd = k === i + 1 && /['’]s$/i.test(t.text) ? t.end - 2 : end;
    // "Mark Jones was seen": a first name (even one that is a word) before a surname.
    let nameStart = t.start;
    const previous = tokens[i - 1];
    if (
      previous &&
      text.slice(previous.end, t.start) === ' ' &&
      isCapitalised(previous.text) &&
      !spans.some((x) => x.end >= previous.start) &&
      isFree(previous.start, previous.end)
    ) {
      const p = strengthOf(baseOf(previous.text));
      if (p === 'first-name' || p === 'word-name') nameStart = previous.start;
    }
    spans.push({ start: nameStart, end: nameEnd, kind: 'name' });
    lastNameEnd = nameEnd;
    // "Corey and Kyle (both in Year 8)": a name listed just before a child is one too.
    const listed = /(\p{Lu}[\p{L}'’-]+)\s*(?:,|and|&)\s*$/u.exec(
      text.slice(Math.max(0, t.start - 40), t.start),
    );
    if (listed) {
      const start = t.start - listed[0].length;
      const strength = strengthOf(baseOf(listed[1]!));
      const already = spans.some((x) => x.start === start);
      if (
        !already &&
        (strength === 'first-name' || strength === 'word-name') &&
        isFree(start, start + listed[1]!.length)
      )
        spans.push({ start, end: start + listed[1]!.length, kind: 'name' });
    }
    i = k - 1;
  }
  return spans;
}

// ---- The screen ---------------------------------------------------------------------------

/**
 * The kinds of identifying detail in a text and the text with them replaced by
 * markers. `vocabulary` is what the partnership calls its own (agencies,
 * places, services, meetings, service numbers): never taken for a detail.
 */
export function screenText(
  text: string,
  vocabulary: ScreenVocabulary = defaultVocabulary,
): Screened {
  const v = compile(vocabulary);
  const taken: Span[] = [];
  const protectedRanges: Array<[number, number]> = [];
  if (v.terms) {
    for (const m of text.matchAll(v.terms)) protectedRanges.push([m.index, m.index + m[0].length]);
  }
  const overlaps = (s: number, e: number) =>
    taken.some((x) => s < x.end && e > x.start) || protectedRanges.some(([a, b]) => s < b && e > a);
  const isFree = (s: number, e: number) => !overlaps(s, e);
  const take = (start: number, end: number, kind: IdentifyingKind) => {
    if (!taken.some((x) => start < x.end && end > x.start)) taken.push({ start, end, kind });
  };

  for (const m of text.matchAll(email)) {
    const local = m[0].split('@')[0]!;
    if (v.emails.has(m[0].toLowerCase()) || serviceMailbox.test(local)) {
      protectedRanges.push([m.index, m.index + m[0].length]);
      continue;
    }
    take(m.index, m.index + m[0].length, 'email-address');
  }
  for (const m of text.matchAll(atHandle)) {
    const handle = m[0].replace(/\.+$/, '');
    take(m.index, m.index + handle.length, 'social-media-handle');
  }
  for (const m of text.matchAll(labelledHandle)) {
    const handle = m[2]!.replace(/\.+$/, '');
    if (m[1] !== ':' && !/[\d_.]/.test(handle)) continue;
    const start = m.index + m[0].length - m[2]!.length;
    take(start, start + handle.length, 'social-media-handle');
  }
  for (const m of text.matchAll(dateOfBirth)) take(m.index, m.index + m[0].length, 'date-of-birth');
  for (const m of text.matchAll(nhsCandidate)) {
    if (isValidNhsNumber(`${m[1]}${m[2]}${m[3]}`))
      take(m.index, m.index + m[0].length, 'nhs-number');
  }
  for (const m of text.matchAll(niNumber)) take(m.index, m.index + m[0].length, 'ni-number');
  for (const m of text.matchAll(upn)) {
    if (isValidUpn(m[0])) take(m.index, m.index + m[0].length, 'pupil-number');
  }
  for (const m of text.matchAll(caseNumber)) {
    const id = m[1]!.replace(/[-/]+$/, '');
    if (id.replace(/\D/g, '').length < 5 || wholeDate.test(id) || pathwaysReference.test(id))
      continue;
    const start = m.index + m[0].length - m[1]!.length;
    if (isFree(start, start + id.length)) take(start, start + id.length, 'case-number');
  }
  for (const m of text.matchAll(logNumber)) {
    const start = m.index + m[0].indexOf(m[1]!);
    take(start, start + m[1]!.length, 'case-number');
  }
  for (const m of text.matchAll(flat)) take(m.index, m.index + m[0].trimEnd().length, 'address');
  for (const m of text.matchAll(streetAddress)) {
    if (isFree(m.index, m.index + m[0].length)) take(m.index, m.index + m[0].length, 'address');
  }
  for (const m of text.matchAll(postcode)) take(m.index, m.index + m[0].length, 'postcode');
  for (const m of text.matchAll(phone)) {
    const number = m[0].trimEnd();
    if (v.phones.has(digitsOf(number))) continue;
    take(m.index, m.index + number.length, 'phone-number');
  }
  for (const m of text.matchAll(titledName)) {
    if (isFree(m.index, m.index + m[0].length)) take(m.index, m.index + m[0].length, 'name');
  }

  const names = findNames(text, isFree);
  names.forEach((n) => take(n.start, n.end, 'name'));
  // A date soon after a person's name is theirs: "Jamie Smith, 04/05/2015".
  for (const n of names) {
    const window = text.slice(n.end, n.end + 30);
    dateAnywhere.lastIndex = 0;
    const d = dateAnywhere.exec(window);
    if (!d) continue;
    const between = window.slice(0, d.index);
    if (
      between.length > 20 ||
      /[.!?\n]|\b(?:on|of|by|at|from|until|since|before|after)\b/i.test(between)
    )
      continue;
    take(n.end + d.index, n.end + d.index + d[0].length, 'date-of-birth');
  }

  taken.sort((a, b) => a.start - b.start);
  let redacted = '';
  let at = 0;
  for (const s of taken) {
    redacted += text.slice(at, s.start) + marker[s.kind];
    at = s.end;
  }
  redacted += text.slice(at);
  redacted = redacted.replace(/\[name removed\](?:\s+\[name removed\])+/g, '[name removed]');
  const found = new Set(taken.map((s) => s.kind));
  return { kinds: identifyingKinds.filter((k) => found.has(k)), redacted };
}
