import { Client, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { HttpsMessageHandler, type HttpsTransport } from './https-transport';
import { GraphRetryHandler, type RetryEvent, type RetryPolicy } from './retry';
import { MailboxPacer, type ClientLimits } from './client-limits';

/** Puts the bearer token on every request (the SDK's own handler checks hosts we set ourselves). */
class BearerTokenHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly token: () => Promise<string>) {}

  async execute(context: Context): Promise<void> {
    if (!this.next) throw new Error('BearerTokenHandler must not be last in the chain');
    const headers = new Headers(
      context.options?.headers as ConstructorParameters<typeof Headers>[0] | undefined,
    );
    headers.set('authorization', `Bearer ${await this.token()}`);
    context.options = { ...context.options, headers };
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** A Graph SDK client: retry, then token (fresh for each attempt), then https. */
export function graphClient(options: {
  graphUrl: string;
  token: () => Promise<string>;
  transport: HttpsTransport;
  retry: RetryPolicy;
  onRetry?: (event: RetryEvent) => void;
  /** Our side of the mailbox limits: each attempt at an Outlook request holds a slot. */
  limits?: ClientLimits;
}): Client {
  return Client.initWithMiddleware({
    baseUrl: `${options.graphUrl.replace(/\/$/, '')}/`,
    defaultVersion: 'v1.0',
    middleware: [
      new GraphRetryHandler(options.retry, options.onRetry),
      ...(options.limits ? [new MailboxPacer(options.limits)] : []),
      new BearerTokenHandler(options.token),
      new HttpsMessageHandler(options.transport),
    ],
  });
}
