import { createVaeFamily } from './vae-family.js';

export const vaeConditional = createVaeFamily({
  id: 'vae.conditional',
  title: 'Conditional VAE',
  description: 'A VAE whose encoder and decoder also see the one-hot label: generates a chosen class, moves an image to another.',
  conditional: true,
});
