import { Link, makeStyles, Text } from '@fluentui/react-components';
import type { Page } from '../pages';

const useStyles = makeStyles({
  // Targets at least 24 by 24 pixels (WCAG 2.2 target size), with room between them.
  links: {
    paddingInlineStart: '1.25rem',
    '& li': { marginBlock: '4px' },
    '& a': { display: 'inline-flex', alignItems: 'center', minHeight: '24px', minWidth: '24px' },
  },
});

/** Shown for an empty or unknown address: the pages this person can use. */
export function Home({ pages }: { pages: readonly Page[] }) {
  const styles = useStyles();
  return (
    <>
      <Text as="p">Choose where to go:</Text>
      <ul className={styles.links}>
        {pages.map((page) => (
          <li key={page.name}>
            <Link href={`#/${page.name}`}>{page.title}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}
