import { useEffect, useState } from 'react';
import { browserHost, type HostAdapter } from './types';

/** Runs host detection once. Null until it finishes; a failure means a plain browser. */
export function useHost(detect: () => Promise<HostAdapter>): HostAdapter | null {
  const [host, setHost] = useState<HostAdapter | null>(null);
  useEffect(() => {
    let live = true;
    detect().then(
      (found) => live && setHost(found),
      () => live && setHost(browserHost),
    );
    return () => {
      live = false;
    };
    // Detection happens once per page load, whatever `detect` is on later renders.
  }, []);
  return host;
}
