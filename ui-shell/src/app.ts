// The part of the shell a page's first screen needs: host, sign-in, the API client, the frame
// and its states. Not the forms or comboboxes (./index): their module-level makeStyles calls
// would keep them, and everything they import, in the first chunk. Imported as
// `@pathways/ui-shell/app`.
export * from './types';
export * from './api';
export * from './timeout';
export * from './session';
export * from './partnerships';
export { themeFromTeams } from './theme';
export { PathwaysApp, type PathwaysAppProps } from './PathwaysApp';
export { Empty, Loading, Problem } from './states';
export { nestedAppAuth, type CreateClient } from './naa';
export { ErrorNotice } from './ErrorNotice';
export { ShellFrame, type ShellFrameProps } from './ShellFrame';
export { useHost } from './useHost';
