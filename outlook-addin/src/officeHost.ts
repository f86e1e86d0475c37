import { browserHost, withTimeout, type HostAdapter, type ThemeName } from '@pathways/ui-shell/app';
import { outlookTokenSource } from './office/naa';

/** The global that Office.js defines, when its script loaded. */
export function officeGlobal(): typeof Office | undefined {
  return (window as { Office?: typeof Office }).Office;
}

function officeThemeName(theme: Office.OfficeTheme | undefined): ThemeName | undefined {
  // Windows high contrast reaches the task pane as forced colours.
  if (window.matchMedia?.('(forced-colors: active)').matches) return 'contrast';
  if (!theme) return undefined;
  if (typeof theme.isDarkTheme === 'boolean') return theme.isDarkTheme ? 'dark' : 'light';
  return isDark(theme.bodyBackgroundColor) ? 'dark' : 'light';
}

function isDark(colour: string | undefined): boolean {
  const hex = /^#?([0-9a-f]{6})$/i.exec(colour ?? '')?.[1];
  if (!hex) return false;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return 0.299 * (r ?? 255) + 0.587 * (g ?? 255) + 0.114 * (b ?? 255) < 128;
}

/**
 * Outlook when Office.js loaded and `Office.onReady` reports a host; otherwise a plain browser
 * (the Office.js script fails to load offline, and reports no host outside Office).
 */
export async function detectOfficeHost(timeoutMs = 8000): Promise<HostAdapter> {
  const office = officeGlobal();
  if (!office || typeof office.onReady !== 'function') return browserHost;
  let info: { host: Office.HostType | null };
  try {
    info = await withTimeout(office.onReady(), timeoutMs, 'Outlook');
  } catch {
    return browserHost;
  }
  if (!info.host) return browserHost;

  const theme = officeThemeName(office.context?.officeTheme);
  return {
    kind: 'outlook',
    ...(theme && { theme }),
    onThemeChange: (listener) => {
      // The OfficeThemeChanged event needs Mailbox requirement set 1.14.
      if (!office.context?.requirements?.isSetSupported('Mailbox', '1.14')) return;
      try {
        office.context.mailbox.addHandlerAsync(
          office.EventType.OfficeThemeChanged,
          (args: Office.OfficeThemeChangedEventArgs) => {
            const next = officeThemeName(args.officeTheme);
            if (next) listener(next);
          },
        );
      } catch {
        // No live theme changes in this Outlook; the theme at load time stays.
      }
    },
    getToken: outlookTokenSource(office),
  };
}
