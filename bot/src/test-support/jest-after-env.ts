// After each test file: close any sandbox harness the file left open (see harness.ts),
// whether a test forgot to or a timeout cut its start short.
afterAll(async () => {
  const scope = globalThis as { __pathwaysOpenHarnesses?: Set<() => Promise<void>> };
  const open = [...(scope.__pathwaysOpenHarnesses ?? [])];
  scope.__pathwaysOpenHarnesses?.clear();
  await Promise.all(open.map((close) => close().catch(() => undefined)));
});
