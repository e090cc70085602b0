import type { Command } from 'commander';
import { printError, printResult, table } from '../output.js';
import { withAtelier } from '../session.js';

export function registerPlugins(program: Command): void {
  program
    .command('plugins')
    .description('list loaded plugins and their components with parameter schemas')
    .option(
      '--json',
      'print one JSON object: {"plugins":[{name,version,components:[{id,kind,title,description,paramsSchema,capabilities,requires}]}],"capabilities":[{id,method,labelNames,description,plugin}],"failures":[...]}',
    )
    .action(async (options: { json?: boolean }) => {
      try {
        await withAtelier(async ({ registry }) => {
          const plugins = registry.plugins.map((manifest) => ({
            name: manifest.name,
            version: manifest.version,
            components: registry.describePlugin(manifest),
          }));
          const failures = registry.failures.map((f) => ({ name: f.name, error: f.error.toJSON() }));
          printResult(options, { plugins, capabilities: registry.describeCapabilities(), failures }, () =>
            [
              table(
                plugins.flatMap((p) => p.components.map((c) => ({ plugin: p.name, id: c.id, kind: c.kind, title: c.title }))),
                ['plugin', 'id', 'kind', 'title'],
              ),
              ...failures.map((f) => `failed to load ${f.name}: ${f.error.message}`),
            ].join('\n'),
          );
        });
      } catch (error) {
        printError(options, error);
      }
    });
}
