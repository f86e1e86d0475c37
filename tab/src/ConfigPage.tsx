import { Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { ErrorNotice, messageOf, ShellFrame, useHost } from '@pathways/ui-shell/app';
import { detectTeamsHost, loadTeamsSdk } from './host/teams';

export const engineRoomTab = {
  entityId: 'engine-room',
  suggestedDisplayName: 'Engine Room',
  contentPath: '/tab/index.html#/engine-room',
} as const;

/** Registers the save handler so Teams can add the Engine Room tab to the channel. */
async function registerEngineRoomTab(onError: (message: string) => void): Promise<void> {
  const { pages } = await loadTeamsSdk();
  const contentUrl = `${window.location.origin}${engineRoomTab.contentPath}`;
  pages.config.registerOnSaveHandler((saveEvent) => {
    pages.config
      .setConfig({
        entityId: engineRoomTab.entityId,
        suggestedDisplayName: engineRoomTab.suggestedDisplayName,
        contentUrl,
        websiteUrl: contentUrl,
      })
      .then(
        () => saveEvent.notifySuccess(),
        (error: unknown) => {
          const message = `Microsoft Teams could not add the tab. ${messageOf(error)}`;
          onError(message);
          saveEvent.notifyFailure(message);
        },
      );
  });
  pages.config.setValidityState(true);
}

/** The channel tab configuration page (`config.html`), shown by Teams when the tab is added. */
export function ConfigPage() {
  const host = useHost(detectTeamsHost);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (host?.kind !== 'teams') return;
    registerEngineRoomTab(setError).catch((e: unknown) =>
      setError(`Microsoft Teams could not set up the tab. ${messageOf(e)}`),
    );
  }, [host]);

  return (
    <ShellFrame host={host} heading="Add the Engine Room tab">
      <ErrorNotice message={error} />
      {host?.kind === 'browser' ? (
        <Text as="p">
          Microsoft Teams shows this page when someone adds the Engine Room tab to a channel. Open
          it from a channel in Microsoft Teams to add the tab.
        </Text>
      ) : (
        <>
          <Text as="p">
            The Engine Room tab shows the partnership&apos;s queue for this channel: Key Lines of
            Enquiry, consideration requests and professional challenges, with their evidence,
            planned activity and recommendations.
          </Text>
          <Text as="p">Select Save to add it.</Text>
        </>
      )}
    </ShellFrame>
  );
}
