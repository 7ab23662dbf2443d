// Parses each Mermaid file named on the command line with Mermaid's own parser (mermaid.parse, in
// a jsdom window), as a page that draws it would. Prints "ok FILE" or "error FILE: MESSAGE" (the
// message's first line) for each, and exits 1 when any failed.
//
//   POLICYKG_NODE_MODULES=…/node_modules node mermaid-parse.mjs a.mmd b.mmd
//
// POLICYKG_NODE_MODULES names the node_modules folder where this folder's package.json was
// installed (`npm ci`); .ci/run installs it outside the clone.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const modules = process.env.POLICYKG_NODE_MODULES;
if (!modules) {
  console.error('POLICYKG_NODE_MODULES is not set: install tests/renderers with npm ci and name its node_modules');
  process.exit(2);
}
const require = createRequire(join(modules, 'index.js'));
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import(pathToFileURL(require.resolve('mermaid')).href);
mermaid.initialize({ startOnLoad: false });

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    await mermaid.parse(readFileSync(file, 'utf8'));
    console.log(`ok ${file}`);
  } catch (e) {
    failed += 1;
    console.log(`error ${file}: ${String(e?.message ?? e).split('\n')[0]}`);
  }
}
process.exit(failed ? 1 : 0);
