import { useEffect, useState } from 'react';

/**
 * A tiny hash router. Teams content URLs point at `index.html#/engine-room` and `#/personal`;
 * two fixed routes do not need a router library, and the hash keeps the service's static
 * hosting simple (no server-side fallback).
 */
export type Route = 'engine-room' | 'personal' | 'home';

export function routeFromHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '').replace(/[/?].*$/, '');
  if (path === 'engine-room' || path === 'personal') return path;
  return 'home';
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(() => routeFromHash(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
