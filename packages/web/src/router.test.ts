import { describe, expect, it } from 'vitest';
import { parseRoute } from './router.js';

describe('parseRoute', () => {
  it('reads the page, the decoded rest of the path and the query from the hash', () => {
    const route = parseRoute('#/runs/a%20b?pipeline=x');
    expect([route.page, route.rest, route.query.get('pipeline'), route.badLink]).toEqual(['runs', ['a b'], 'x', undefined]);
    expect(parseRoute('').page).toBe('');
  });

  it('turns a malformed percent-escape into a bad link instead of throwing (issue 31)', () => {
    for (const hash of ['#/runs/%E0%A4%A', '#/%', '#/runs/%ZZ?x=1']) {
      const route = parseRoute(hash);
      expect([route.page, route.rest, route.badLink], hash).toEqual(['', [], true]);
    }
    expect(parseRoute('#/runs/%ZZ?x=1').query.get('x')).toBe('1');
  });
});
