import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { PathwaysApp } from '@pathways/tab/shell';
import { detectOfficeHost } from './officeHost';

const useStyles = makeStyles({
  placeholder: {
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
});

/** The Outlook task pane: briefing notes from the partnership, and acknowledging them. */
export function TaskPane() {
  const styles = useStyles();
  return (
    <PathwaysApp
      detectHost={detectOfficeHost}
      hostLabel="Outlook"
      openInHostHelp="In Outlook, open a briefing email from the partnership, then select Pathways on the ribbon or in the Apps menu."
      heading="Pathways briefings"
    >
      {() => (
        <section aria-labelledby="acknowledge-heading">
          <h2 id="acknowledge-heading">Acknowledge this briefing</h2>
          <div className={styles.placeholder}>
            <Text as="p">
              Soon you will be able to confirm here that you have read this briefing and record how
              you shared it in your organisation.
            </Text>
          </div>
        </section>
      )}
    </PathwaysApp>
  );
}
