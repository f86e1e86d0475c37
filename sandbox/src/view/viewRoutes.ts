// The web page at /, its assets, and the JSON API (/api/state) with the same data.
import { Router } from 'express';
import { renderMain, renderPage } from './pageHtml';
import { PAGE_SCRIPT } from './pageScript';
import type { SandboxStateView } from './stateView';

/** Resolved once: the real renderer from node_modules, no CDN (the machine may be offline). */
const ADAPTIVE_CARDS_JS = require.resolve('adaptivecards/dist/adaptivecards.min.js');

export function viewRouter(view: () => SandboxStateView, version: () => number): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.type('html').send(renderPage(view()));
  });
  router.get('/fragment/main', (_req, res) => {
    res.type('html').send(renderMain(view()));
  });
  router.get('/api/state', (_req, res) => {
    res.json(view());
  });
  router.get('/api/version', (_req, res) => {
    res.json({ version: version() });
  });
  router.get('/assets/adaptivecards.min.js', (_req, res) => {
    res.sendFile(ADAPTIVE_CARDS_JS);
  });
  router.get('/assets/page.js', (_req, res) => {
    res.type('application/javascript').send(PAGE_SCRIPT);
  });
  return router;
}
