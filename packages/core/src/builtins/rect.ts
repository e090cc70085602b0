import { AtelierError } from '@atelier/plugin-api';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Refuses a rectangle that leaves the image, naming the first field that crosses and its limit. */
export function checkRect(rect: Rect, imageHeight: number, imageWidth: number): void {
  const problems: Array<[keyof Rect, number, number]> = [
    ['x', rect.x, imageWidth - 1],
    ['y', rect.y, imageHeight - 1],
    ['width', rect.width, imageWidth - rect.x],
    ['height', rect.height, imageHeight - rect.y],
  ];
  for (const [field, value, limit] of problems) {
    if (value > limit) {
      throw new AtelierError(
        'BAD_USER_INPUT',
        `${field} = ${value} leaves the ${imageWidth}×${imageHeight} image; at most ${limit} fits`,
        { path: field, limit },
      );
    }
  }
}
