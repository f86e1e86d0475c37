import { Field, makeStyles, Select, tokens } from '@fluentui/react-components';
import type { ThemeChoice } from './theme';

const choices: { value: ThemeChoice; label: string }[] = [
  { value: 'device', label: 'Match my device' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
  { value: 'contrast', label: 'High contrast' },
];

const useStyles = makeStyles({
  // Label and select side by side, each as wide as it needs.
  field: { gridTemplateColumns: 'auto auto', columnGap: tokens.spacingHorizontalS },
});

/** Shown only in a plain browser: in Teams and Outlook the host decides the theme. */
export function ThemeSwitcher({
  choice,
  onChange,
}: {
  choice: ThemeChoice;
  onChange: (choice: ThemeChoice) => void;
}) {
  const styles = useStyles();
  return (
    <Field className={styles.field} label="Colour theme" orientation="horizontal" size="small">
      <Select
        size="small"
        value={choice}
        onChange={(_, data) => onChange(data.value as ThemeChoice)}
      >
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}
