import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Hosts that may frame the tab and add-in (Teams' tab requirements; Outlook and Microsoft 365). */
export const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook.live.com',
  'https://*.sharepoint.com',
];

/**
 * Helmet's headers with a content security policy for the tab and add-in:
 * scripts only from this origin and Office.js's own CDN (office.js loads its
 * host scripts from appsforoffice.microsoft.com and, in some hosts,
 * ajax.aspnetcdn.com); no inline script or eval. Styles allow inline because
 * Fluent UI (Griffel) and Office.js insert style elements at run time.
 * teams-js needs no script host: it talks to Teams by postMessage, which CSP
 * does not govern, so only frame-ancestors concerns Teams.
 */
export function securityHeaders(options: {
  sandboxUrl: string | undefined;
  https: boolean;
}): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", 'https://appsforoffice.microsoft.com', 'https://ajax.aspnetcdn.com'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        // The sandbox tenant signs people in locally; Office.js reports its telemetry; MSAL
        // (the add-in's nested app authentication) reaches Entra ID itself where Outlook
        // cannot broker the sign-in.
        connectSrc: [
          "'self'",
          'https://browser.pipe.aria.microsoft.com',
          'https://login.microsoftonline.com',
          ...(options.sandboxUrl ? [options.sandboxUrl] : []),
        ],
        frameSrc: ["'self'", 'https://appsforoffice.microsoft.com'],
        frameAncestors: FRAME_ANCESTORS,
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // Only when served over HTTPS: locally everything is plain http://127.0.0.1.
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Framing is governed by frame-ancestors; X-Frame-Options cannot name Teams.
    xFrameOptions: false,
    // Outlook on the web loads the add-in's ribbon icons from this origin.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    // Sign-in pop-ups (Teams and Office dialogs) must be able to report back.
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
    strictTransportSecurity: options.https ? { maxAge: 31_536_000 } : false,
  });
}
