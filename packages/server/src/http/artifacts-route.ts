import fs from 'node:fs';
import { type Atelier, AtelierError } from '@atelier/core';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { httpErrorBody, unauthenticatedError } from '../errors.js';
import type { MediaAccess } from './media-access.js';

/**
 * `GET /artifacts/:id`: the id is looked up in the database and the file comes from the path core
 * recorded for it; nothing the client sends is ever joined into a path. Artifacts never change, so
 * their sha256 is the ETag and caches may keep them forever (only private ones when auth is on). A
 * bearer header or the media cookie (`MediaAccess`) opens them.
 */
export function artifactsHandler(atelier: Atelier, access: MediaAccess, logger: Logger) {
  const bucket = atelier.artifactFiles;
  return (req: Request<{ id: string }>, res: Response): void => {
    const fail = (error: AtelierError | ReturnType<typeof unauthenticatedError>) => {
      const { status, body } = httpErrorBody(error);
      res.status(status).json(body);
    };
    if (!access.allows(req)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return fail(unauthenticatedError());
    }
    const record = atelier.artifacts.get(req.params.id);
    if (!record) return fail(new AtelierError('NOT_FOUND', `No artifact "${req.params.id}"`, { path: 'id' }));
    const etag = `"${record.sha256}"`;
    res.setHeader('ETag', etag);
    // Behind a token, only the client's own cache may keep the file, never a shared one.
    res.setHeader('Cache-Control', `${access.protected ? 'private' : 'public'}, max-age=31536000, immutable`);
    // If-None-Match compares weakly (RFC 9110 §13.1.2), so a `W/` validator matches too.
    if (req.headers['if-none-match']?.split(',').some((value) => value.trim().replace(/^W\//, '') === etag || value.trim() === '*')) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Disposition', `inline; filename="${record.name.replace(/[^\w.-]/g, '_')}"`);
    const sendLocalFile = () => {
      const file = atelier.artifacts.absolutePath(record);
      fs.stat(file, (error, stat) => {
        if (error) {
          logger.error({ runId: record.runId, artifactId: record.id, err: error }, 'artifact file is missing');
          return fail(new AtelierError('NOT_FOUND', `The file of artifact "${record.id}" is missing`, { path: 'id' }));
        }
        res.setHeader('Content-Type', record.mime);
        res.setHeader('Content-Length', String(stat.size));
        if (req.method === 'HEAD') {
          res.end();
          return;
        }
        fs.createReadStream(file)
          .on('error', (streamError) => {
            logger.error({ runId: record.runId, artifactId: record.id, err: streamError }, 'artifact read failed');
            res.destroy(streamError);
          })
          .pipe(res);
      });
    };
    if (!bucket) return sendLocalFile();
    // Workers upload artifacts to the bucket under their recorded path; ones this process wrote stay local.
    bucket.read(record.path).then(
      (data) => {
        if (!data) return sendLocalFile();
        res.setHeader('Content-Type', record.mime);
        res.setHeader('Content-Length', String(data.length));
        res.end(req.method === 'HEAD' ? undefined : data);
      },
      (error: AtelierError) => {
        logger.error({ runId: record.runId, artifactId: record.id, err: error.message }, 'artifact store read failed');
        fail(error);
      },
    );
  };
}
