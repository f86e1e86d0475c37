import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createSandboxCertificate } from '@pathways/sandbox';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * A real https server a test scripts (429s, 503s, batch answers) to see what the
 * gateway sends and how it reacts. Graph itself is the sandbox; this is for the
 * failure shapes a test must control exactly.
 */
export async function startScriptedGraph(
  answer: (request: RecordedRequest, index: number) => ScriptedAnswer,
): Promise<{
  url: string;
  certificate: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}> {
  const tls = createSandboxCertificate(['127.0.0.1', 'localhost']);
  const requests: RecordedRequest[] = [];
  const server = createServer({ key: tls.privateKey, cert: tls.certificate }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
      requests.push(recorded);
      const scripted = answer(recorded, requests.length - 1);
      res.writeHead(scripted.status, {
        ...(scripted.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...scripted.headers,
      });
      res.end(scripted.body === undefined ? undefined : JSON.stringify(scripted.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    certificate: tls.certificate,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
