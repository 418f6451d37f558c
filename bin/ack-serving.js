#!/usr/bin/env node
// Runs the compiled CLI when built (`npm run build`), else the TypeScript source through tsx.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const compiled = join(__dirname, '..', 'dist', 'bin', 'cli.js');
if (existsSync(compiled)) {
  require(compiled);
} else {
  require('tsx/cjs');
  require('./cli.ts');
}
