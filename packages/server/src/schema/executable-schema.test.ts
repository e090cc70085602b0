import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { resolvers } from '../resolvers/index.js';
import { buildExecutableSchema, loadTypeDefs } from './executable-schema.js';

describe('the executable schema', () => {
  const schema = buildExecutableSchema(loadTypeDefs(), resolvers);

  it('has a resolver for every root field and keeps the public plugins shape', () => {
    for (const root of [schema.getQueryType()!, schema.getMutationType()!, schema.getSubscriptionType()!]) {
      for (const field of Object.values(root.getFields())) expect(field.resolve, `${root.name}.${field.name}`).toBeTypeOf('function');
    }
    const component = schema.getType('Component');
    expect(isObjectType(component) && Object.keys(component.getFields())).toEqual(
      expect.arrayContaining(['id', 'kind', 'title', 'description', 'paramsSchema', 'capabilities', 'requires']),
    );
  });

  it('refuses a resolver for a field the SDL lacks', () => {
    expect(() => buildExecutableSchema(loadTypeDefs(), { ...resolvers, Run: { nope: () => 1 } })).toThrow(/Run\.nope/);
  });
});
