import {
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  type Theme,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ThemeName } from './types';

export const fluentThemes: Record<ThemeName, Theme> = {
  light: teamsLightTheme,
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};

/** Teams reports 'default', 'dark' or 'contrast'. */
export function themeFromTeams(theme: string | undefined): ThemeName {
  if (theme === 'dark') return 'dark';
  if (theme === 'contrast') return 'contrast';
  return 'light';
}

function matches(query: string): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(query).matches;
}

/** The theme the device asks for: forced colours (high contrast) first, then dark or light. */
export function deviceTheme(): ThemeName {
  if (matches('(forced-colors: active)')) return 'contrast';
  if (matches('(prefers-color-scheme: dark)')) return 'dark';
  return 'light';
}

/** Follows the device theme as it changes. */
export function useDeviceTheme(): ThemeName {
  const [theme, setTheme] = useState<ThemeName>(deviceTheme);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const queries = ['(forced-colors: active)', '(prefers-color-scheme: dark)'].map((q) =>
      window.matchMedia(q),
    );
    const update = () => setTheme(deviceTheme());
    queries.forEach((q) => q.addEventListener('change', update));
    return () => queries.forEach((q) => q.removeEventListener('change', update));
  }, []);
  return theme;
}

/** What the person picked in the theme switcher (browser only). */
export type ThemeChoice = 'device' | ThemeName;

const choiceKey = 'pathways.theme';

export function readThemeChoice(): ThemeChoice {
  try {
    const stored = window.localStorage.getItem(choiceKey);
    if (stored === 'light' || stored === 'dark' || stored === 'contrast') return stored;
  } catch {
    // Storage can be blocked; the device theme is a fine default.
  }
  return 'device';
}

export function saveThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'device') window.localStorage.removeItem(choiceKey);
    else window.localStorage.setItem(choiceKey, choice);
  } catch {
    // Not remembered; it still applies to this page.
  }
}
