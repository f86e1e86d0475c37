import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An instance that says which it is, and whose health can be turned off. */
async function instance(name: string) {
  let up = true;
  const server: Server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(up ? 200 : 503).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`${name} ${req.headers['x-forwarded-for'] ?? ''}`.trim());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setUp: (value: boolean) => void (up = value),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('the local round-robin proxy in front of several instances', () => {
  it('when instances are healthy, then requests go round them in turn; an unhealthy one is left out until it recovers', async () => {
    const instances = await Promise.all(['a', 'b', 'c'].map(instance));
    const { startRoundRobinProxy } = await import('./round-robin-proxy.mjs');
    const proxy = await startRoundRobinProxy({
      port: 0,
      host: '127.0.0.1',
      targets: instances.map((i) => i.url),
      healthEveryMs: 60_000,
    });
    const answers = async (n: number) => {
      const got: string[] = [];
      for (let i = 0; i < n; i += 1) got.push(await (await fetch(`${proxy.url}/api/x`)).text());
      return got;
    };
    try {
      expect(await answers(6)).toEqual([
        'a 127.0.0.1',
        'b 127.0.0.1',
        'c 127.0.0.1',
        'a 127.0.0.1',
        'b 127.0.0.1',
        'c 127.0.0.1',
      ]);
      instances[1]!.setUp(false);
      await proxy.check();
      expect((await answers(4)).map((a) => a[0])).toEqual(['a', 'c', 'a', 'c']);
      instances[1]!.setUp(true);
      await instances[2]!.close(); // gone, not just unhealthy
      await proxy.check();
      expect((await answers(4)).map((a) => a[0]).sort()).toEqual(['a', 'a', 'b', 'b']);
    } finally {
      await proxy.close();
      await Promise.all(instances.map((i) => i.close().catch(() => undefined)));
    }
  });
});
