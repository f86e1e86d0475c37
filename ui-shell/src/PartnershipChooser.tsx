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
import { partnershipLabel } from './partnerships';
import type { Partnership } from './types';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalM,
    maxWidth: '40rem',
    '& h2, & p': { margin: 0 },
  },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
});

export interface PartnershipChooserProps {
  partnerships: Partnership[];
  /** The partnership they are working for now, when they asked to change. */
  current?: Partnership | undefined;
  onChoose: (partnershipId: string) => void;
  /** Go on working for `current`. */
  onKeep?: (() => void) | undefined;
}

/**
 * For a person in two or more partnerships, before anything else: which one they are working
 * for. Arrow keys move between partnerships, Enter continues.
 */
export function PartnershipChooser({
  partnerships,
  current,
  onChoose,
  onKeep,
}: PartnershipChooserProps) {
  const styles = useStyles();
  const headingId = useId();
  const [value, setValue] = useState(current?.id ?? '');
  const [missing, setMissing] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!value) {
      setMissing(true);
      return;
    }
    onChoose(value);
  };

  return (
    <form className={styles.form} aria-labelledby={headingId} onSubmit={submit} noValidate>
      <h2 id={headingId}>Which partnership are you working for?</h2>
      <Text as="p">
        You belong to more than one safeguarding children partnership. Pathways shows the records of
        the one you choose, and sends what you write to it. You can change it at any time with the
        Change partnership button at the top of the page.
      </Text>
      <Field
        label="Partnership"
        required
        validationState={missing ? 'error' : 'none'}
        validationMessage={
          missing ? 'Choose the partnership you are working for, then select Continue.' : undefined
        }
      >
        <RadioGroup
          value={value}
          onChange={(_, data) => {
            setValue(data.value);
            setMissing(false);
          }}
        >
          {partnerships.map((p) => (
            <Radio key={p.id} value={p.id} label={partnershipLabel(p)} />
          ))}
        </RadioGroup>
      </Field>
      <div className={styles.buttons}>
        <Button type="submit" appearance="primary">
          Continue
        </Button>
        {current && onKeep ? (
          <Button onClick={onKeep}>Keep working for {current.shortName || current.name}</Button>
        ) : null}
      </div>
    </form>
  );
}
