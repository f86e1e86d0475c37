/**
 * The Teams activity feed notifications Pathways sends. Graph refuses a type the installed
 * app's manifest does not declare, so the manifest's `activities.activityTypes` must match
 * this list exactly (manifest test), and the sandbox tenant refuses anything else.
 * Template parameters are shown in the feed: they carry references and titles only, never
 * a child's or family's details.
 */
export const ACTIVITY_TYPES = {
  briefingToCascade: {
    description: 'A briefing note for your agency to acknowledge and cascade',
    templateText: 'New briefing note to cascade: {briefingTitle}',
  },
  briefingReminder: {
    description: 'A reminder that a briefing note still needs your agency',
    templateText: 'Reminder: {briefingTitle} still needs your agency',
  },
  nominationRequested: {
    description: 'A request to nominate representatives for Active Learning',
    templateText: 'Please nominate representatives for {activityTitle}',
  },
  recommendationAssigned: {
    description: 'A recommendation for your agency to act on',
    templateText: 'A recommendation for your agency: {reference}',
  },
} as const satisfies Record<string, { description: string; templateText: string }>;

export type ActivityType = keyof typeof ACTIVITY_TYPES;

export function isActivityType(value: string): value is ActivityType {
  return Object.hasOwn(ACTIVITY_TYPES, value);
}

/** The `{name}` placeholders a type's template needs filled ({actor} Teams fills itself). */
export function templateParametersOf(type: ActivityType): string[] {
  return [...ACTIVITY_TYPES[type].templateText.matchAll(/\{(\w+)\}/g)]
    .map((m) => m[1]!)
    .filter((name) => name !== 'actor');
}
