#!/usr/bin/env node
// npm run bench:identifying: the identifying-details screen (core/src/identifying)
// against its labelled corpus (core/src/identifying/corpus.json, invented texts):
//  - recall: the share of identifying texts it flags;
//  - false-positive rate: the share of texts about systems it flags;
//  - p50 and p95 ms to screen a 4,000-character text (corpus texts run together), one at
//    a time, and the p95 of the CPU time it used (the machine's load average is printed
//    too: on a shared 2-core machine the wall time includes waiting for a core).
// Texts it gets wrong are listed first (they are invented, so may be printed).
// The last line printed is one JSON object with the figures.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 300);

const dir = mkdtempSync(join(tmpdir(), 'bench-identifying-'));
try {
  const outfile = join(dir, 'screen.mjs');
  await build({
    entryPoints: [join(root, 'core/src/identifying/screen.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'error',
  });
  const { screenText } = await import(pathToFileURL(outfile).href);
  const corpus = JSON.parse(readFileSync(join(root, 'core/src/identifying/corpus.json'), 'utf8'));

  const missed = corpus.identifying.filter((t) => screenText(t).kinds.length === 0);
  const flagged = corpus.systems
    .map((t) => ({ t, kinds: screenText(t).kinds }))
    .filter((r) => r.kinds.length > 0);
  for (const t of missed) console.log(`missed: ${t}`);
  for (const r of flagged) console.log(`flagged (${r.kinds.join(', ')}): ${r.t}`);

  // 4,000-character texts: the corpus run together from a different start each time.
  const all = [...corpus.systems, ...corpus.identifying];
  const texts = [];
  for (let i = 0; i < RUNS; i++) {
    let text = '';
    for (let j = (i * 7) % all.length; text.length < 4000; j = (j + 13) % all.length)
      text += `${all[j]} `;
    texts.push(text.slice(0, 4000));
  }
  for (const t of texts.slice(0, 50)) screenText(t); // warm up
  // Wall time, and this process's CPU time (what the screen itself costs when other work
  // shares the machine's two cores).
  const wall = [];
  const cpu = [];
  for (const t of texts) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    screenText(t);
    const used = process.cpuUsage(startCpu);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  const p = (list, q) => [...list].sort((a, b) => a - b)[Math.ceil(list.length * q) - 1];
  const figures = {
    identifyingTexts: corpus.identifying.length,
    systemsTexts: corpus.systems.length,
    recall: Number((1 - missed.length / corpus.identifying.length).toFixed(3)),
    falsePositiveRate: Number((flagged.length / corpus.systems.length).toFixed(3)),
    p50MsPer4000Chars: Number(p(wall, 0.5).toFixed(2)),
    p95MsPer4000Chars: Number(p(wall, 0.95).toFixed(2)),
    p95CpuMsPer4000Chars: Number(p(cpu, 0.95).toFixed(2)),
    loadAverage: Number(loadavg()[0].toFixed(1)),
    targets: { recall: 0.95, falsePositiveRate: 0.05, p95MsPer4000Chars: 20 },
  };
  console.log(JSON.stringify(figures));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
