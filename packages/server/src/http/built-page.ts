import fs from 'node:fs';
import path from 'node:path';
import express, { type Handler, type Response } from 'express';

export interface BuiltPage {
  /** Sends `index.html`, never cached so a new build shows at the next load; `missingBuild` (503) before a build. */
  send(res: Response): void;
  /** The build's hashed `assets/`, cached for good. */
  assets: Handler;
}

/** A page Vite built into `dir`. It holds no data, so it needs no token; its requests do. */
export function builtPage(dir: string, missingBuild: string): BuiltPage {
  const index = path.join(dir, 'index.html');
  return {
    send(res) {
      if (!fs.existsSync(index)) {
        res.status(503).type('html').send(missingBuild);
        return;
      }
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    },
    assets: express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: false }),
  };
}
