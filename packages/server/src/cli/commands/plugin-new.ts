import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AtelierError } from '@atelier/core';
import type { Command } from 'commander';
import { printError, printResult } from '../output.js';
import { pluginTemplate } from '../scaffold/plugin-template.js';

/** The version of the plugin API this host's core speaks, the default the scaffold depends on. */
function pluginApiVersion(): string {
  const core = createRequire(import.meta.url).resolve('@atelier/core');
  const entry = createRequire(core).resolve('@atelier/plugin-api');
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
    .option('--plugin-api <spec>', 'dependency spec of @atelier/plugin-api for development, e.g. file:../atelier-plugin-api-0.1.0.tgz')
    .option('--core <spec>', 'older name of --plugin-api (plugins no longer depend on @atelier/core)')
    .option('--json', 'print one JSON object: {"name","dir","files"}')
    .action((name: string, options: { dir?: string; pluginApi?: string; core?: string; json?: boolean }) => {
      try {
        const dir = path.resolve(options.dir ?? name.replace(/^@[^/]+\//, ''));
        if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
          throw new AtelierError('CONFLICT', `${dir} exists and is not empty; choose another --dir`, { path: 'dir' });
        }
        const range = `^${pluginApiVersion()}`;
        const files = pluginTemplate({ packageName: name, apiSpec: options.pluginApi ?? options.core ?? range, apiRange: range });
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
