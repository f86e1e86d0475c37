import { Link, makeStyles, tokens } from '@fluentui/react-components';
import { PathwaysApp } from '@pathways/ui-shell';
import { detectTeamsHost } from './host/teams';
import { useHashRoute, type RouteName } from './router';
import { EngineRoom } from './views/EngineRoom';
import { Home } from './views/Home';
import { Personal } from './views/Personal';
import { QuarterlyReportView } from './engine-room/QuarterlyReportView';
import { BriefingsView } from './briefings/BriefingsView';
import {
  ActiveLearningList,
  ActiveLearningSetView,
  NewActiveLearning,
} from './active-learning/ActiveLearningView';
import { NewsletterView } from './reports/NewsletterView';
import { CirculationView } from './reports/CirculationView';
import { RecommendationsView } from './engine-room/RecommendationsView';

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
    // The current page is shown by weight and underline, not by colour alone.
    '& [aria-current="page"]': {
      fontWeight: tokens.fontWeightSemibold,
      textDecorationLine: 'underline',
    },
  },
});

function Navigation({ route }: { route: RouteName }) {
  const styles = useStyles();
  const link = (
    to:
      | 'engine-room'
      | 'personal'
      | 'recommendations'
      | 'quarterly-report'
      | 'briefings'
      | 'active-learning'
      | 'newsletter'
      | 'circulation',
    label: string,
  ) => (
    <li>
      <Link
        href={`#/${to}`}
        aria-current={
          route === to ||
          (to === 'engine-room' && route === 'record') ||
          (to === 'active-learning' && route.startsWith('active-learning')) ||
          (to === 'briefings' && route === 'briefing')
            ? 'page'
            : undefined
        }
      >
        {label}
      </Link>
    </li>
  );
  return (
    <ul className={styles.links}>
      {link('engine-room', headings['engine-room'])}
      {link('personal', headings.personal)}
      {link('recommendations', headings.recommendations)}
      {link('quarterly-report', headings['quarterly-report'])}
      {link('briefings', headings.briefings)}
      {link('active-learning', headings['active-learning'])}
      {link('newsletter', headings.newsletter)}
      {link('circulation', headings.circulation)}
    </ul>
  );
}

export function App() {
  const route = useHashRoute();
  return (
    <PathwaysApp
      detectHost={detectTeamsHost}
      hostLabel="Microsoft Teams"
      openInHostHelp="In Microsoft Teams, open the Pathways app from the left-hand bar, or open the Engine Room tab in your partnership's team."
      heading={headings[route.name]}
      navigation={<Navigation route={route.name} />}
    >
      {(session) => {
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
            return <Home />;
        }
      }}
    </PathwaysApp>
  );
}
