import { createVaeFamily } from './vae-family.js';

export const vaeConv = createVaeFamily({
  id: 'vae.conv',
  title: 'Convolutional VAE',
  description: 'Encoder, decoder and reparameterisation: encodes, reconstructs, generates and edits images in latent space.',
  conditional: false,
});
