import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { describeRoles } from './roles';
import type { Me } from './types';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
  },
});

export function SignedInAs({
  me,
  onSwitch,
  onChangePartnership,
}: {
  me: Me;
  onSwitch?: (() => void) | undefined;
  /** For a person in two or more partnerships: bring the partnership chooser back. */
  onChangePartnership?: (() => void) | undefined;
}) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <Text>
        Signed in as <Text weight="semibold">{me.displayName}</Text> — {describeRoles(me.roles)}
        {me.agency ? ` (${me.agency})` : ''}
      </Text>
      {onChangePartnership ? (
        <Button size="small" onClick={onChangePartnership}>
          Change partnership
        </Button>
      ) : null}
      {onSwitch ? (
        <Button size="small" onClick={onSwitch}>
          Switch persona
        </Button>
      ) : null}
    </div>
  );
}
