/** What `GET /api/config` returns (no sign-in needed). */
export interface PathwaysConfig {
  m365: 'sandbox' | 'tenant';
  sandboxUrl?: string;
  tenantId: string;
  clientId: string;
  apiScope?: string;
  partnership: { id: string; name: string };
}

/** What `GET /api/me` returns for the signed-in person. */
export interface Me {
  id: string;
  displayName: string;
  email: string;
  agency?: string;
  roles: string[];
  /**
   * The partnerships the person belongs to. A person in two or more chooses which one they act
   * for; absent from a service that serves one partnership only.
   */
  partnerships?: Partnership[];
}

/** A partnership someone belongs to, as `GET /api/me` lists it. */
export interface Partnership {
  id: string;
  name: string;
  shortName: string;
}

/** A made-up person in the sandbox tenant (`GET {sandboxUrl}/personas`). */
export interface Persona {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string;
  jobTitle: string;
  agency: string;
  roles: string[];
}

export type ThemeName = 'light' | 'dark' | 'contrast';

/** Where the page is running, and what that place gives us. */
export interface HostAdapter {
  kind: 'teams' | 'outlook' | 'browser';
  /**
   * Single sign-on token from the host (Teams or Outlook), for the service's settings
   * (Outlook's nested app authentication needs the client id and scope). Absent in a plain browser.
   */
  getToken?: (config: PathwaysConfig) => Promise<string>;
  /** The host's theme when the page loaded. Absent in a plain browser. */
  theme?: ThemeName;
  /** Tell us when the host's theme changes. */
  onThemeChange?: (listener: (theme: ThemeName) => void) => void;
}

export const browserHost: HostAdapter = { kind: 'browser' };
