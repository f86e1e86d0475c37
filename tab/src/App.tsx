import { Link, makeStyles, tokens } from '@fluentui/react-components';
import { PathwaysApp } from './shell';
import { detectTeamsHost } from './host/teams';
import { useHashRoute, type Route } from './router';
import { EngineRoom } from './views/EngineRoom';
import { Home } from './views/Home';
import { Personal } from './views/Personal';

const headings: Record<Route, string> = {
  'engine-room': 'Engine Room',
  personal: 'My submissions',
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

function Navigation({ route }: { route: Route }) {
  const styles = useStyles();
  const link = (to: Route, label: string) => (
    <li>
      <Link href={`#/${to}`} aria-current={route === to ? 'page' : undefined}>
        {label}
      </Link>
    </li>
  );
  return (
    <ul className={styles.links}>
      {link('engine-room', headings['engine-room'])}
      {link('personal', headings.personal)}
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
      heading={headings[route]}
      navigation={<Navigation route={route} />}
    >
      {(session) => {
        switch (route) {
          case 'engine-room':
            return <EngineRoom session={session} />;
          case 'personal':
            return <Personal session={session} />;
          case 'home':
            return <Home />;
        }
      }}
    </PathwaysApp>
  );
}
