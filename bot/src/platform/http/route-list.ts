/** One route the app answers: method and full path as registered. */
export interface RouteEntry {
  method: string;
  path: string;
}

interface Layer {
  rawPath?: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * Every route registered on an express app, nested routers included (static
 * mounts and catch-alls are middleware, not routes). Tests walk this list so
 * that a new route cannot escape the access and token checks.
 */
export function listRoutes(app: { router: { stack: unknown[] } }): RouteEntry[] {
  const walk = (stack: Layer[], prefix: string): RouteEntry[] =>
    stack.flatMap((layer) => {
      if (layer.route) {
        return Object.keys(layer.route.methods)
          .filter((m) => m !== '_all')
          .map((m) => ({ method: m.toUpperCase(), path: `${prefix}${layer.route!.path}` }));
      }
      // A router used without a path (each partnership's, partnerships/http-routing.ts) is at '/'.
      const path = layer.rawPath === '/' ? '' : (layer.rawPath ?? '');
      if (layer.handle?.stack) return walk(layer.handle.stack, `${prefix}${path}`);
      return [];
    });
  return walk(app.router.stack as Layer[], '');
}
