import { loadPartnership, partnershipIds, type Partnership } from '../partnerships/partnership';
import { namesOfAgency } from '../partnerships/agencies';

/**
 * Words the screen must not take for a person or a personal detail: the
 * partnership's own agencies, services, places, policies, roles and meetings
 * ("Alice House", "Core Group Meeting"), and the phone numbers and mailboxes of
 * its services. Matched whole, ignoring case.
 */
export interface ScreenVocabulary {
  terms: readonly string[];
  phoneNumbers: readonly string[];
  emailAddresses: readonly string[];
}

/**
 * Safeguarding's shared vocabulary in England: roles, meetings, frameworks and
 * national bodies, several of which are named after people ("Clare's Law",
 * "Martha's Rule", "Barnardo's").
 */
export const nationalVocabulary: ScreenVocabulary = {
  terms: [
    // Roles
    'Designated Safeguarding Lead',
    'Deputy Designated Safeguarding Lead',
    'Named Nurse',
    'Named Doctor',
    'Named Midwife',
    'Designated Nurse',
    'Designated Doctor',
    'Independent Reviewing Officer',
    'Principal Social Worker',
    'Local Authority Designated Officer',
    'Lead Professional',
    'Appropriate Adult',
    'Virtual School Head',
    // Meetings and processes
    'Core Group Meeting',
    'Core Group',
    'Strategy Meeting',
    'Strategy Discussion',
    'Initial Child Protection Conference',
    'Review Child Protection Conference',
    'Child Protection Conference',
    'Child in Need Meeting',
    'Team Around the Family',
    'Team Around the Child',
    'Rapid Review',
    'Engine Room',
    'Child Death Overview Panel',
    'Channel Panel',
    'Contextual Safeguarding Panel',
    'Child Safeguarding Practice Review Panel',
    'Local Child Safeguarding Practice Review',
    'Child Safeguarding Practice Review',
    'DSL Forum',
    // Frameworks, laws and policies
    'Working Together to Safeguard Children',
    'Keeping Children Safe in Education',
    'Graded Care Profile',
    'Signs of Safety',
    'Brook Traffic Light Tool',
    'Operation Encompass',
    'Operation Sentinel',
    "Clare's Law",
    "Sarah's Law",
    "Martha's Rule",
    'Jay Review',
    'Arthur and Star',
    'Child Protection in England',
    'Speak Out Stay Safe',
    'Prevent',
    // National bodies and services
    "Barnardo's",
    'NSPCC',
    'Childline',
    'Kooth',
    'Ofsted',
    'Cafcass',
    'Action for Children',
    "The Children's Society",
    "Women's Aid",
    'Home-Start',
    'St Giles Trust',
    'Lucy Faithfull Foundation',
    'Marie Collins Foundation',
    'Citizens Advice',
    'Samaritans',
    'Young Minds',
  ],
  phoneNumbers: ['999', '101', '111', '0800 1111', '0808 800 5000'],
  emailAddresses: [],
};

/** The partnership's configured words: its agencies, themes, stages and `screening` lists. */
export function partnershipVocabulary(p: Partnership): ScreenVocabulary {
  const s = p.screening;
  return {
    terms: [
      p.name,
      p.shortName,
      ...p.agencies.flatMap(namesOfAgency),
      ...p.themes,
      ...p.resolutionStages,
      ...s.places,
      ...s.services,
      ...s.policies,
      ...s.roles,
      ...s.meetings,
    ],
    phoneNumbers: s.phoneNumbers,
    emailAddresses: s.emailAddresses,
  };
}

export function combineVocabularies(...list: ScreenVocabulary[]): ScreenVocabulary {
  return {
    terms: list.flatMap((v) => v.terms),
    phoneNumbers: list.flatMap((v) => v.phoneNumbers),
    emailAddresses: list.flatMap((v) => v.emailAddresses),
  };
}

/**
 * The national vocabulary and every configured partnership's: the screen's
 * default, so a call site without its partnership to hand still leaves any
 * partnership's agencies, places and service numbers alone (they name no child).
 */
export const defaultVocabulary: ScreenVocabulary = combineVocabularies(
  nationalVocabulary,
  ...partnershipIds().map((id) => partnershipVocabulary(loadPartnership(id))),
);
