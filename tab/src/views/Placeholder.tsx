import { makeStyles, Text, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: {
    padding: tokens.spacingHorizontalL,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    maxWidth: '48rem',
  },
});

/** Marks where a feature will go, in words (the dashed border is decoration only). */
export function Placeholder({ children }: { children: string }) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <Text as="p">{children}</Text>
    </div>
  );
}
