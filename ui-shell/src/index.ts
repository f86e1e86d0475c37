// The shell shared by the Teams tab and the Outlook add-in: theme, host-neutral sign-in,
// the API client, the persona picker and error display. Imported by both as
// `@pathways/ui-shell`.
export * from './types';
export * from './api';
export * from './roles';
export * from './theme';
export * from './timeout';
export * from './session';
export * from './partnerships';
export { nestedAppAuth, type CreateClient } from './naa';
export { useHost } from './useHost';
export { ShellFrame, type ShellFrameProps } from './ShellFrame';
export { PathwaysApp, type PathwaysAppProps } from './PathwaysApp';
export { PersonaPicker, type PersonaPickerProps } from './PersonaPicker';
export { ErrorNotice } from './ErrorNotice';
export { SignedInAs } from './SignedInAs';
export { ThemeSwitcher } from './ThemeSwitcher';
export { DeclaredForm, CONFIRM_CHECKED, type DeclaredFormProps } from './DeclaredForm';
export { Empty, Loading, Problem } from './states';
export { useFocusAfterRender } from './useFocusAfterRender';
export { withListsAsArrays } from './list-answers';
