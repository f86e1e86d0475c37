import {
  FluentProvider,
  makeStaticStyles,
  makeStyles,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { fluentThemes, readThemeChoice, saveThemeChoice, useDeviceTheme } from './theme';
import type { ThemeChoice } from './theme';
import { ThemeSwitcher } from './ThemeSwitcher';
import type { HostAdapter, ThemeName } from './types';

const useStaticStyles = makeStaticStyles([
  { body: { margin: 0 } },
  // Focus as visible as GOV.UK's: a 3 px outline in every theme (Fluent draws 2 px, and only
  // a line under a text field), in the theme's focus colour, on whatever has the keyboard.
  `:focus-visible, [data-fui-focus-visible] {
    outline: 3px solid var(--colorStrokeFocus2) !important;
    outline-offset: 2px;
  }
  main:focus-visible { outline: none !important; }
  .fui-Input:focus-within, .fui-Textarea:focus-within, .fui-Select:focus-within,
  .fui-Combobox:focus-within, .fui-Radio:focus-within, .fui-Checkbox:focus-within {
    outline: 3px solid var(--colorStrokeFocus2) !important;
    outline-offset: 2px;
  }
  .fui-Input > input:focus-visible, .fui-Textarea > textarea:focus-visible,
  .fui-Select > select:focus-visible, .fui-Combobox > input:focus-visible,
  .fui-Radio > input:focus-visible, .fui-Checkbox > input:focus-visible {
    outline: none !important;
  }`,
  // A field in error keeps its red border when it has the keyboard (Fluent turns it blue).
  `.fui-Input:has([aria-invalid="true"]), .fui-Textarea:has([aria-invalid="true"]),
  .fui-Select:has([aria-invalid="true"]), .fui-Combobox:has([aria-invalid="true"]) {
    border-color: var(--colorPaletteRedBorder2) !important;
  }
  .fui-Input:has([aria-invalid="true"])::after, .fui-Textarea:has([aria-invalid="true"])::after,
  .fui-Select:has([aria-invalid="true"])::after, .fui-Combobox:has([aria-invalid="true"])::after {
    border-bottom-color: var(--colorPaletteRedBorder2) !important;
  }
  .fui-Select:has([aria-invalid="true"]) > select {
    border-color: var(--colorPaletteRedBorder2) !important;
  }`,
  // Printed pages: black on white whatever the theme, in the partnership's house style (Arial),
  // without the page's controls.
  `@media print {
    html, body, .fui-FluentProvider { background: #fff !important; color: #000 !important; }
    main, main * {
      color: #000 !important;
      background: transparent !important;
      border-color: #000 !important;
      font-family: Arial, sans-serif !important;
    }
    main { font-size: 11pt; }
    [data-no-print], [data-no-print] * { display: none !important; }
  }`,
]);

const useStyles = makeStyles({
  provider: { minHeight: '100vh', display: 'flex', flexDirection: 'column' },
  skip: {
    position: 'absolute',
    left: '-10000px',
    top: 'auto',
    ':focus': {
      left: tokens.spacingHorizontalM,
      top: tokens.spacingVerticalM,
      zIndex: 1,
      padding: tokens.spacingHorizontalS,
      backgroundColor: tokens.colorNeutralBackground1,
      color: tokens.colorBrandForegroundLink,
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
    },
  },
  banner: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  account: { flexBasis: '100%' },
  nav: { padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}` },
  main: {
    flexGrow: 1,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    ':focus': { outline: 'none' },
  },
  heading: {
    marginTop: 0,
    fontSize: tokens.fontSizeBase600,
    lineHeight: tokens.lineHeightBase600,
    fontWeight: tokens.fontWeightSemibold,
  },
});

export interface ShellFrameProps {
  /** Null while we are still finding out where the page is running. */
  host: HostAdapter | null;
  /** The page's only h1. */
  heading: string;
  /** Changes when the view changes (address, sign-in): the keyboard goes to the heading. */
  focusKey?: string;
  partnershipName?: string | undefined;
  /** Signed-in person, shown in the banner. */
  account?: ReactNode;
  /** Links between views, shown in a nav landmark. */
  navigation?: ReactNode;
  children?: ReactNode;
}

function useThemeName(host: HostAdapter | null) {
  const device = useDeviceTheme();
  const [choice, setChoice] = useState<ThemeChoice>(readThemeChoice);
  const [hostTheme, setHostTheme] = useState<ThemeName | undefined>(host?.theme);

  useEffect(() => {
    setHostTheme(host?.theme);
    host?.onThemeChange?.(setHostTheme);
  }, [host]);

  const inHost = host !== null && host.kind !== 'browser';
  const theme: ThemeName = inHost ? (hostTheme ?? device) : choice === 'device' ? device : choice;
  const choose = (next: ThemeChoice) => {
    setChoice(next);
    saveThemeChoice(next);
  };
  return { theme, choice, choose, showSwitcher: host?.kind === 'browser' };
}

/** Theme, landmarks and the page heading, shared by every Pathways page in Teams and Outlook. */
export function ShellFrame({
  host,
  heading,
  focusKey = '',
  partnershipName,
  account,
  navigation,
  children,
}: ShellFrameProps) {
  useStaticStyles();
  const styles = useStyles();
  const { theme, choice, choose, showSwitcher } = useThemeName(host);
  const fluentTheme = fluentThemes[theme];
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstHeading = useRef(true);

  useEffect(() => {
    document.title = `${heading} – Pathways`;
  }, [heading]);
  useEffect(() => {
    // When the view changes, move focus to its heading so screen readers hear the new page.
    if (firstHeading.current) firstHeading.current = false;
    else headingRef.current?.focus();
  }, [heading, focusKey]);

  useEffect(() => {
    const root = document.documentElement;
    root.style.colorScheme = theme === 'light' ? 'light' : 'dark';
    root.dataset['theme'] = theme;
    document.body.style.backgroundColor = fluentTheme.colorNeutralBackground1;
  }, [theme, fluentTheme]);

  return (
    <FluentProvider theme={fluentTheme} className={styles.provider}>
      <a
        href="#pathways-main"
        data-no-print
        className={styles.skip}
        onClick={(event) => {
          // The hash is the router's, so move focus without changing it.
          event.preventDefault();
          document.getElementById('pathways-main')?.focus();
        }}
      >
        Skip to main content
      </a>
      <header className={styles.banner} data-no-print>
        <Text weight="semibold" size={400}>
          Pathways{partnershipName ? ` · ${partnershipName}` : ''}
        </Text>
        {showSwitcher ? <ThemeSwitcher choice={choice} onChange={choose} /> : null}
        {account ? <div className={styles.account}>{account}</div> : null}
      </header>
      {navigation ? (
        <nav aria-label="Pathways pages" className={styles.nav} data-no-print>
          {navigation}
        </nav>
      ) : null}
      <main id="pathways-main" tabIndex={-1} className={styles.main}>
        <h1 ref={headingRef} tabIndex={-1} className={styles.heading}>
          {heading}
        </h1>
        {children}
      </main>
    </FluentProvider>
  );
}
