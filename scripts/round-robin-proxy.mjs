// A local stand-in for App Service's front end when `npm start` runs several instances:
// requests go round the instances that answer /healthz, like App Service's load balancer
// with ARR affinity off. http-proxy-3 does the proxying (headers, X-Forwarded-*, upgrades,
// aborted clients): a kept rewrite of http-proxy, rather than our own piping.
import { createServer } from 'node:http';
import { createProxyServer } from 'http-proxy-3';

/**
 * Listens on `port` and sends each request to the next healthy target in turn.
 * @param {{ port: number, host: string, targets: string[], healthPath?: string, healthEveryMs?: number }} options
 */
export async function startRoundRobinProxy(options) {
  const { targets, healthPath = '/healthz', healthEveryMs = 2_000 } = options;
  const healthy = new Map(targets.map((t) => [t, true]));
  let next = 0;
  const pick = () => {
    for (let i = 0; i < targets.length; i += 1) {
      const target = targets[(next + i) % targets.length];
      if (healthy.get(target)) {
        next = (next + i + 1) % targets.length;
        return target;
      }
    }
    return undefined;
  };

  const proxy = createProxyServer({ xfwd: true });
  proxy.on('error', (error, _req, res, target) => {
    // The instance went away mid-request: out of the round until its health check passes.
    const url = typeof target === 'string' ? target : target?.href;
    if (url) healthy.set(url.replace(/\/$/, ''), false);
    if (res && 'writeHead' in res && !res.headersSent) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('The Pathways instance handling this request stopped; try again.');
    } else res?.destroy?.();
  });

  const server = createServer((req, res) => {
    const target = pick();
    if (!target) {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '2' });
      res.end('No Pathways instance is healthy yet; try again in a moment.');
      return;
    }
    proxy.web(req, res, { target });
  });
  server.on('upgrade', (req, socket, head) => {
    const target = pick();
    if (!target) return socket.destroy();
    proxy.ws(req, socket, head, { target });
  });

  const check = async () => {
    await Promise.all(
      targets.map(async (target) => {
        try {
          const res = await fetch(`${target}${healthPath}`, {
            signal: AbortSignal.timeout(healthEveryMs),
          });
          healthy.set(target, res.ok);
        } catch {
          healthy.set(target, false);
        }
      }),
    );
  };
  await check();
  const timer = setInterval(() => void check(), healthEveryMs);
  timer.unref();

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve(undefined));
  });
  const address = server.address();
  return {
    url: `http://${options.host}:${typeof address === 'object' && address ? address.port : options.port}`,
    healthy: () => targets.filter((t) => healthy.get(t)),
    check,
    close: () =>
      new Promise((resolve) => {
        clearInterval(timer);
        proxy.close?.();
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
}
