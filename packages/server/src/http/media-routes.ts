import path from 'node:path';
import { AtelierError, type Atelier } from '@atelier/core';
import express, { type Router } from 'express';
import { httpErrorBody, unauthenticatedError } from '../errors.js';
import { isAuthorized } from './auth.js';
import type { MediaAccess } from './media-access.js';

const checkpointFiles = new Set(['model.json', 'weights.bin']);

/**
 * `POST /session` (bearer → the media cookie) and `GET /checkpoints/:id/:model/(model.json|weights.bin)`,
 * read-only, so a browser can `tf.loadLayersModel` a checkpoint. The id is looked up in the database;
 * the model and file names must be ones it recorded, so no request path reaches the filesystem.
 */
export function mediaRoutes(atelier: Atelier, access: MediaAccess, token: string | null): Router {
  const router = express.Router();
  const fail = (res: express.Response, error: Parameters<typeof httpErrorBody>[0]) => {
    const { status, body } = httpErrorBody(error);
    res.status(status).json(body);
  };
  router.post('/session', (req, res) => {
    if (!isAuthorized(req.headers.authorization, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return fail(res, unauthenticatedError());
    }
    access.issue(res);
    res.status(204).end();
  });
  router.get('/checkpoints/:id/:model/:file', (req, res) => {
    if (!access.allows(req)) return fail(res, unauthenticatedError());
    const record = atelier.checkpoints.find(req.params.id);
    const { model, file } = req.params;
    if (!record || record.id !== req.params.id) {
      return fail(res, new AtelierError('NOT_FOUND', `No checkpoint "${req.params.id}"`, { path: 'id' }));
    }
    if (!record.models.includes(model) || !checkpointFiles.has(file)) {
      return fail(res, new AtelierError('NOT_FOUND', `Checkpoint ${record.id} has no file ${model}/${file}`, { path: 'file' }));
    }
    // Checkpoints never change once recorded.
    res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    res.sendFile(path.resolve(atelier.config.home, record.path, model, file), { dotfiles: 'allow' });
  });
  return router;
}
