import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AtelierError } from '@atelier/core';
import type { Command } from 'commander';
import { printError, printResult } from '../output.js';
import { pluginTemplate } from '../scaffold/plugin-template.js';

/** This core's version, the default the scaffold depends on. */
function coreVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@atelier/core');
  let dir = path.dirname(entry);
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

export function registerPluginNew(program: Command): void {
  program
    .command('plugin')
    .description('work on plugins')
    .command('new <name>')
    .description('scaffold a plugin package (one editor with parameters, its test, README) in a new folder')
    .option('--dir <folder>', 'folder to create (default: ./<name without scope>)')
    .option('--core <spec>', 'dependency spec of @atelier/core for development, e.g. file:../atelier-core-0.1.0.tgz')
    .option('--json', 'print one JSON object: {"name","dir","files"}')
    .action((name: string, options: { dir?: string; core?: string; json?: boolean }) => {
      try {
        const dir = path.resolve(options.dir ?? name.replace(/^@[^/]+\//, ''));
        if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
          throw new AtelierError('CONFLICT', `${dir} exists and is not empty; choose another --dir`, { path: 'dir' });
        }
        const range = `^${coreVersion()}`;
        const files = pluginTemplate({ packageName: name, coreSpec: options.core ?? range, coreRange: range });
        for (const [file, text] of Object.entries(files)) {
          fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
          fs.writeFileSync(path.join(dir, file), text);
        }
        printResult(options, { name, dir, files: Object.keys(files) }, () =>
          `Created ${name} in ${dir}: ${Object.keys(files).join(', ')}\nNext: cd ${path.relative(process.cwd(), dir) || '.'} && npm install && npm test`,
        );
      } catch (error) {
        printError(options, error);
      }
    });
}
