/** Types of round-robin-proxy.mjs (for its test). */
export interface RoundRobinProxy {
  url: string;
  /** The targets whose /healthz answered at the last check. */
  healthy(): string[];
  check(): Promise<void>;
  close(): Promise<void>;
}

export function startRoundRobinProxy(options: {
  port: number;
  host: string;
  targets: string[];
  healthPath?: string;
  healthEveryMs?: number;
}): Promise<RoundRobinProxy>;
