import fs from 'node:fs';
import { generateTypes } from './generate.js';
import { targets } from './targets.js';

for (const target of targets) {
  fs.writeFileSync(target.file, await generateTypes(target));
  process.stdout.write(`wrote ${target.file}\n`);
}
