import type { Me } from '@pathways/ui-shell/app';
import type { RouteName } from './router';
import { canReadQueue, canReadRecommendations, canReadReports } from './engine-room/access';

/** The pages listed in the navigation; each route belongs to one. */
export type PageName =
  | 'engine-room'
  | 'personal'
  | 'recommendations'
  | 'quarterly-report'
  | 'briefings'
  | 'active-learning'
  | 'newsletter'
  | 'circulation';

export interface Page {
  name: PageName;
  title: string;
  /** Who can use it: the same rules as the service's (which checks every call). */
  openTo: (me: Me) => boolean;
}

const everyone = () => true;
const briefingReaders = (me: Me) =>
  me.roles.some((r) => r === 'BusinessUnit' || r === 'DevelopmentManager');

/** The registry of pages, in navigation order. */
export const PAGES: readonly Page[] = [
  { name: 'engine-room', title: 'Engine Room', openTo: canReadQueue },
  { name: 'personal', title: 'My submissions', openTo: everyone },
  { name: 'recommendations', title: 'Recommendations', openTo: canReadRecommendations },
  { name: 'quarterly-report', title: 'Quarterly report', openTo: canReadReports },
  { name: 'briefings', title: 'Briefing notes', openTo: briefingReaders },
  { name: 'active-learning', title: 'Active Learning', openTo: canReadQueue },
  { name: 'newsletter', title: 'Newsletter', openTo: canReadReports },
  { name: 'circulation', title: 'Circulation plan', openTo: canReadReports },
];

/** The page a route belongs to (undefined: the home page, open to everyone). */
export function pageOf(route: RouteName): PageName | undefined {
  switch (route) {
    case 'record':
      return 'engine-room';
    case 'briefing':
      return 'briefings';
    case 'active-learning-new':
    case 'active-learning-set':
      return 'active-learning';
    case 'home':
      return undefined;
    default:
      return route;
  }
}

/** The pages this person can use, in navigation order. */
export const pagesFor = (me: Me): Page[] => PAGES.filter((p) => p.openTo(me));

/** Whether this person can use the page a route belongs to. */
export function routeOpenTo(route: RouteName, me: Me): boolean {
  const page = pageOf(route);
  return page === undefined || PAGES.some((p) => p.name === page && p.openTo(me));
}
