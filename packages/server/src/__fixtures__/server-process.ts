import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const mainPath = fileURLToPath(new URL('../main.ts', import.meta.url));

export interface Started {
  child: ChildProcess;
  url: string;
  /** Everything the server printed so far (its log). */
  output(): string;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

/** `pnpm start` as a real child process (tsx's loader in the same process, so SIGKILL hits the server itself). */
export function startServerProcess(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', mainPath], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /Atelier GraphQL at (\S+)\/graphql/.exec(output);
      if (!match) return;
      const url = match[1];
      resolve({
        child,
        url,
        output: () => output,
        async gql(query, variables) {
          const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
          const body = await response.json();
          if (body.errors) throw new Error(JSON.stringify(body.errors));
          return body.data;
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}
