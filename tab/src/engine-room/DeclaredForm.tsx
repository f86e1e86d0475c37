// The form renderer is shared with the Outlook add-in: it lives in the shell.
export { DeclaredForm, CONFIRM_CHECKED, type DeclaredFormProps } from '../shell/DeclaredForm';
