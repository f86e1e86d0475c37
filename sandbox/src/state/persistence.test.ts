import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import {
  SANDBOX_CHANNELS,
  SANDBOX_PERSONAS,
  SANDBOX_PLANNER,
  type SandboxServer,
  startSandbox,
} from '../index';
import type { SandboxStateView } from '../view/stateView';
import { appToken, sandboxGraphClient } from '../test/graphClient';
import { openIdConfiguration, personaToken } from '../test/helpers';

describe('persistence with dataDir', () => {
  let dataDir: string;
  let sandbox: SandboxServer | undefined;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pathways-sandbox-'));
  });
  afterEach(async () => {
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function post(s: SandboxServer, text: string): Promise<string> {
    const res = await fetch(`${s.url}/v3/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        isGroup: true,
        channelData: { channel: { id: SANDBOX_CHANNELS.businessUnit } },
        activity: { type: 'message', text },
      }),
    });
    return ((await res.json()) as { activityId: string }).activityId;
  }

  async function businessUnitTexts(s: SandboxServer): Promise<(string | undefined)[]> {
    const view = (await (await fetch(`${s.url}/api/state`)).json()) as SandboxStateView;
    const channel = view.teams[0]!.channels.find((c) => c.id === SANDBOX_CHANNELS.businessUnit)!;
    return channel.threads.map((t) => t.root.text);
  }

  it('when the sandbox restarts on the same dataDir, then posts and the signing key are kept', async () => {
    sandbox = await startSandbox({ port: 0, dataDir });
    const port = Number(new URL(sandbox.url).port);
    const firstId = await post(sandbox, 'Briefing note sent');
    const token = await personaToken(sandbox, SANDBOX_PERSONAS[0]!.id);
    await sandbox.close();

    sandbox = await startSandbox({ port, dataDir });
    expect(await businessUnitTexts(sandbox)).toEqual(['Briefing note sent']);
    const config = await openIdConfiguration(sandbox);
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(config.jwks_uri)), {
      issuer: config.issuer,
    });
    expect(payload.oid).toBe(SANDBOX_PERSONAS[0]!.id);

    // Activity ids keep increasing across restarts, so they never collide.
    const secondId = await post(sandbox, 'Second post');
    expect(BigInt(secondId)).toBeGreaterThan(BigInt(firstId));
  });

  it('when the sandbox restarts on the same dataDir, then mail, events and Planner tasks are kept', async () => {
    sandbox = await startSandbox({ port: 0, dataDir });
    const [sender, recipient] = SANDBOX_PERSONAS;
    let client = sandboxGraphClient(sandbox, await appToken(sandbox));
    await client.api(`/users/${sender!.id}/sendMail`).post({
      message: { subject: 'Kept', toRecipients: [{ emailAddress: { address: recipient!.mail } }] },
    });
    const event = await client.api(`/users/${sender!.id}/events`).post({
      subject: 'Kept meeting',
      start: { dateTime: '2031-01-07T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2031-01-07T11:00:00', timeZone: 'UTC' },
    });
    const task = await client
      .api('/planner/tasks')
      .post({ planId: SANDBOX_PLANNER.planId, title: 'Kept task' });
    await sandbox.close();

    sandbox = await startSandbox({ port: 0, dataDir });
    client = sandboxGraphClient(sandbox, await appToken(sandbox));
    const inbox = await client.api(`/users/${recipient!.id}/mailFolders/Inbox/messages`).get();
    expect(inbox.value.map((m: { subject: string }) => m.subject)).toEqual(['Kept']);
    expect((await client.api(`/users/${sender!.id}/events/${event.id}`).get()).subject).toBe(
      'Kept meeting',
    );
    const read = await client.api(`/planner/tasks/${task.id}`).get();
    expect(read['@odata.etag']).toBe(task['@odata.etag']);
  });

  it('when there is no dataDir, then a restart starts empty with a new key', async () => {
    sandbox = await startSandbox({ port: 0 });
    const port = Number(new URL(sandbox.url).port);
    await post(sandbox, 'Gone after restart');
    const token = await personaToken(sandbox, SANDBOX_PERSONAS[0]!.id);
    await sandbox.close();

    sandbox = await startSandbox({ port });
    expect(await businessUnitTexts(sandbox)).toEqual([]);
    const config = await openIdConfiguration(sandbox);
    await expect(
      jwtVerify(token, createRemoteJWKSet(new URL(config.jwks_uri)), { issuer: config.issuer }),
    ).rejects.toThrow();
  });
});
