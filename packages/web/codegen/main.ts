import fs from 'node:fs';
import { generateClientTypes, generatedFile } from './generate.js';

fs.writeFileSync(generatedFile, await generateClientTypes());
process.stdout.write(`wrote ${generatedFile}\n`);
