// Page CSS: system colours where possible so light, dark and forced-colours modes all read well.
export const PAGE_STYLES = `
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #ffffff; --muted: #4a4a4a; --line: #8a8a8a; --panel: #f3f3f3; --accent: #0b57a4; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #f2f2f2; --bg: #121212; --muted: #c8c8c8; --line: #8f8f8f; --panel: #1f1f1f; --accent: #8cc4ff; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 70rem; padding: 1rem; font: 1rem/1.5 Arial, Helvetica, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
a:focus, input:focus, [tabindex]:focus { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -999rem; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; }
header { border: 3px solid var(--line); padding: .5rem 1rem; margin-bottom: 1rem; }
.badge { display: inline-block; margin: 0; padding: .1rem .5rem; border: 2px solid currentColor; font-weight: bold; text-transform: uppercase; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
.controls { display: flex; flex-wrap: wrap; gap: 1rem; align-items: baseline; }
section { margin-block: 1rem; }
.channel { border-left: 4px solid var(--line); padding-left: 1rem; }
ol.threads, ol.replies { list-style: none; padding: 0; }
ol.replies { margin-left: 1.5rem; border-left: 2px dashed var(--line); padding-left: .75rem; }
.message { background: var(--panel); border: 1px solid var(--line); border-radius: 4px; padding: .5rem .75rem; margin-block: .5rem; }
.meta { margin: 0 0 .25rem; color: var(--muted); }
.meta strong { color: var(--fg); }
.text { white-space: pre-wrap; margin: .25rem 0; }
.deleted, .edited { font-style: italic; }
.card { max-width: 36rem; border: 1px solid var(--line); border-radius: 4px; padding: .25rem; background: var(--bg); }
.table-wrap { overflow-x: auto; }
.table-wrap table { border-collapse: collapse; width: 100%; }
.table-wrap th, .table-wrap td { text-align: left; border: 1px solid var(--line); padding: .25rem .5rem; vertical-align: top; }
code { overflow-wrap: anywhere; }
@media (forced-colors: active) {
  .message, .card, header, .table-wrap th, .table-wrap td { border-color: CanvasText; }
  a:focus, input:focus, [tabindex]:focus { outline-color: Highlight; }
}
`;
