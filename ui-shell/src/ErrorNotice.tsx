import { makeStyles, Text, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  box: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    marginBlock: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorStatusDangerBorder2}`,
    borderInlineStartWidth: '6px',
    backgroundColor: tokens.colorStatusDangerBackground1,
    color: tokens.colorNeutralForeground1,
  },
});

/**
 * The page's one alert region. It is always in the page so screen readers announce a message
 * as soon as it appears. The word "Problem" carries the meaning, not the colour.
 */
export function ErrorNotice({ message }: { message?: string | undefined }) {
  const styles = useStyles();
  return (
    <div role="alert" aria-atomic="true">
      {message ? (
        <div className={styles.box}>
          <Text weight="semibold">Problem</Text>
          <Text>{message}</Text>
        </div>
      ) : null}
    </div>
  );
}
