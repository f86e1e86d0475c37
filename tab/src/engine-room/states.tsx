// Shared with the Outlook add-in: the states live in the shell.
export { Empty, Loading, Problem } from '../shell/states';
