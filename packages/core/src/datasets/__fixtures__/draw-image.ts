import sharp from 'sharp';

/** A solid-colour image drawn by sharp: tests make their images instead of shipping binaries. */
export function drawImage(options: {
  width: number;
  height: number;
  rgb: [number, number, number];
  format?: 'png' | 'jpeg' | 'webp';
  gray?: boolean;
}): Promise<Buffer> {
  let image = sharp({ create: { width: options.width, height: options.height, channels: 3, background: { r: options.rgb[0], g: options.rgb[1], b: options.rgb[2] } } });
  if (options.gray) image = image.toColourspace('b-w');
  const format = options.format ?? 'png';
  if (format === 'jpeg') return image.jpeg({ quality: 100 }).toBuffer();
  if (format === 'webp') return image.webp({ lossless: true }).toBuffer();
  return image.png().toBuffer();
}
