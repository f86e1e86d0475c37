import { Link, makeStyles, tokens } from '@fluentui/react-components';
import { PathwaysApp } from './shell';
import { detectTeamsHost } from './host/teams';
import { useHashRoute, type RouteName } from './router';
import { EngineRoom } from './views/EngineRoom';
import { Home } from './views/Home';
import { Personal } from './views/Personal';
import { QuarterlyReportView } from './engine-room/QuarterlyReportView';

const headings: Record<RouteName, string> = {
  'engine-room': 'Engine Room',
  record: 'Engine Room record',
  personal: 'My submissions',
  'quarterly-report': 'Quarterly report',
  home: 'Pathways',
};

const useStyles = makeStyles({
  links: {
    display: 'flex',
    gap: tokens.spacingHorizontalL,
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
  const link = (to: Exclude<RouteName, 'record' | 'home'>, label: string) => (
    <li>
      <Link
        href={`#/${to}`}
        aria-current={
          route === to || (to === 'engine-room' && route === 'record') ? 'page' : undefined
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
      {link('quarterly-report', headings['quarterly-report'])}
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
          case 'home':
            return <Home />;
        }
      }}
    </PathwaysApp>
  );
}
