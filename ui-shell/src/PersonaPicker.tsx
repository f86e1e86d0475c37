import {
  Button,
  Field,
  makeStyles,
  Radio,
  RadioGroup,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useId, useState, type FormEvent } from 'react';
import { describeRoles } from './roles';
import type { Persona } from './types';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalM,
    maxWidth: '40rem',
    '& h2, & p': { margin: 0 },
  },
  detail: { display: 'block', color: tokens.colorNeutralForeground2 },
});

export interface PersonaPickerProps {
  personas: Persona[];
  selected?: string | undefined;
  busy?: boolean;
  onSignIn: (personaId: string) => void;
}

/** Sandbox sign-in: choose a made-up person. Arrow keys move between people, Enter signs in. */
export function PersonaPicker({ personas, selected, busy, onSignIn }: PersonaPickerProps) {
  const styles = useStyles();
  const headingId = useId();
  const [value, setValue] = useState(selected ?? '');
  const [missing, setMissing] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!value) {
      setMissing(true);
      return;
    }
    onSignIn(value);
  };

  return (
    <form className={styles.form} aria-labelledby={headingId} onSubmit={submit} noValidate>
      <h2 id={headingId}>Choose a test persona</h2>
      <Text as="p">
        This is the Pathways test sandbox. The people below are made up. Choose one to see Pathways
        as they would see it.
      </Text>
      {personas.length === 0 ? (
        <Text as="p">The test sandbox has no personas yet.</Text>
      ) : (
        <Field
          label="Sign in as"
          required
          validationState={missing ? 'error' : 'none'}
          validationMessage={missing ? 'Choose a persona, then select Sign in.' : undefined}
        >
          <RadioGroup
            value={value}
            onChange={(_, data) => {
              setValue(data.value);
              setMissing(false);
            }}
          >
            {personas.map((p) => (
              <Radio
                key={p.id}
                value={p.id}
                label={
                  <>
                    {p.displayName}
                    <span className={styles.detail}>
                      {[p.jobTitle, p.agency].filter(Boolean).join(', ')} — {describeRoles(p.roles)}
                    </span>
                  </>
                }
              />
            ))}
          </RadioGroup>
        </Field>
      )}
      <Button type="submit" appearance="primary" disabled={busy || personas.length === 0}>
        Sign in
      </Button>
    </form>
  );
}
