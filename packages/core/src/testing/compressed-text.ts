import { chunk, insertChunks } from '../image/png-text.js';

/**
 * The PNG with one more compressed text chunk carrying `deflated` as it is (zTXt, or iTXt with its
 * compression flag set; no language): what another tool may write, or an attacker's zip bomb.
 */
export function withCompressedText(png: Buffer, type: 'zTXt' | 'iTXt', keyword: string, deflated: Buffer): Buffer {
  // After the keyword's NUL — zTXt: method 0; iTXt: flag 1, method 0, empty language and translated keyword.
  const head = type === 'zTXt' ? [0, 0] : [0, 1, 0, 0, 0];
  return insertChunks(png, [chunk(type, Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from(head), deflated]))]);
}
