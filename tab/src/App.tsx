import { Link, makeStyles, Text, tokens } from '@fluentui/react-components';
import { lazy, Suspense, type ReactNode } from 'react';
// The shell's first-screen part, not its index: the index would bring every shared component
// (forms, comboboxes) into the first screen's chunk, since module-level makeStyles calls keep them.
import { Empty, Loading, PathwaysApp, type Me, type SignedIn } from '@pathways/ui-shell/app';
import { detectTeamsHost } from './host/teams';
import { useHashRoute, type Route, type RouteName } from './router';
import { Home } from './views/Home';
import { pageOf, pagesFor, PAGES, routeOpenTo } from './pages';

// Each page is its own chunk: the first screen loads only the shell and the page it shows.
const EngineRoom = lazy(() =>
  import('./views/EngineRoom').then((m) => ({ default: m.EngineRoom })),
);
const Personal = lazy(() => import('./views/Personal').then((m) => ({ default: m.Personal })));
const QuarterlyReportView = lazy(() =>
  import('./engine-room/QuarterlyReportView').then((m) => ({ default: m.QuarterlyReportView })),
);
const BriefingsView = lazy(() =>
  import('./briefings/BriefingsView').then((m) => ({ default: m.BriefingsView })),
);
const ActiveLearningList = lazy(() =>
  import('./active-learning/ActiveLearningView').then((m) => ({ default: m.ActiveLearningList })),
);
const NewActiveLearning = lazy(() =>
  import('./active-learning/ActiveLearningView').then((m) => ({ default: m.NewActiveLearning })),
);
const ActiveLearningSetView = lazy(() =>
  import('./active-learning/ActiveLearningView').then((m) => ({
    default: m.ActiveLearningSetView,
  })),
);
const NewsletterView = lazy(() =>
  import('./reports/NewsletterView').then((m) => ({ default: m.NewsletterView })),
);
const CirculationView = lazy(() =>
  import('./reports/CirculationView').then((m) => ({ default: m.CirculationView })),
);
const RecommendationsView = lazy(() =>
  import('./engine-room/RecommendationsView').then((m) => ({ default: m.RecommendationsView })),
);

const headings: Record<RouteName, string> = {
  'engine-room': 'Engine Room',
  record: 'Engine Room record',
  personal: 'My submissions',
  'quarterly-report': 'Quarterly report',
  briefings: 'Briefing notes',
  briefing: 'Briefing note',
  'active-learning': 'Active Learning',
  'active-learning-new': 'Plan Active Learning',
  'active-learning-set': 'Active Learning',
  newsletter: 'Newsletter',
  circulation: 'Circulation plan',
  recommendations: 'Recommendations',
  home: 'Pathways',
};

const useStyles = makeStyles({
  links: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    // Targets at least 24 by 24 pixels (WCAG 2.2 target size).
    '& a': { display: 'inline-flex', alignItems: 'center', minHeight: '24px', minWidth: '24px' },
    // The current page is shown by weight and underline, not by colour alone.
    '& [aria-current="page"]': {
      fontWeight: tokens.fontWeightSemibold,
      textDecorationLine: 'underline',
    },
  },
});

/** Only the pages this person can use: a page that would refuse them is not offered. */
function Navigation({ route, me }: { route: RouteName; me: Me }) {
  const styles = useStyles();
  const current = pageOf(route);
  return (
    <ul className={styles.links}>
      {pagesFor(me).map((page) => (
        <li key={page.name}>
          <Link href={`#/${page.name}`} aria-current={current === page.name ? 'page' : undefined}>
            {page.title}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function view(route: Route, session: SignedIn): ReactNode {
  switch (route.name) {
    case 'engine-room':
      return <EngineRoom session={session} query={route.query} />;
    case 'record':
      return (
        <EngineRoom
          session={session}
          query={new URLSearchParams()}
          record={{ type: route.type, id: route.id }}
        />
      );
    case 'personal':
      return <Personal session={session} />;
    case 'quarterly-report':
      return <QuarterlyReportView session={session} query={route.query} />;
    case 'briefings':
      return <BriefingsView session={session} />;
    case 'briefing':
      return <BriefingsView session={session} briefingId={route.id} />;
    case 'active-learning':
      return <ActiveLearningList session={session} />;
    case 'active-learning-new':
      return <NewActiveLearning session={session} query={route.query} />;
    case 'active-learning-set':
      return <ActiveLearningSetView session={session} id={route.id} />;
    case 'newsletter':
      return <NewsletterView session={session} query={route.query} />;
    case 'circulation':
      return <CirculationView session={session} query={route.query} />;
    case 'recommendations':
      return <RecommendationsView session={session} query={route.query} />;
    case 'home':
      return <Home pages={pagesFor(session.me)} />;
  }
}

export function App() {
  const route = useHashRoute();
  return (
    <PathwaysApp
      detectHost={detectTeamsHost}
      hostLabel="Microsoft Teams"
      openInHostHelp="In Microsoft Teams, open the Pathways app from the left-hand bar, or open the Engine Room tab in your partnership's team."
      heading={headings[route.name]}
      focusKey={window.location.hash}
      navigation={(me) => <Navigation route={route.name} me={me} />}
    >
      {(session) =>
        routeOpenTo(route.name, session.me) ? (
          <Suspense fallback={<Loading label="Opening the page…" />}>
            {view(route, session)}
          </Suspense>
        ) : (
          // Not open to them: said plainly, and the page (and its API calls) never loads.
          <Empty title={`${headings[route.name]} is not open to you`}>
            <Text as="p">
              {PAGES.find((p) => p.name === pageOf(route.name))?.title ?? 'This page'} is for other
              roles in the partnership, so it is not shown to you.
            </Text>
          </Empty>
        )
      }
    </PathwaysApp>
  );
}
