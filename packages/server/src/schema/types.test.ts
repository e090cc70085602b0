import { isEnumType, isInputObjectType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { resolvers } from '../resolvers/index.js';
import { buildExecutableSchema, loadTypeDefs } from './executable-schema.js';
import { schemaEnums, schemaFields } from './types.js';

const roots = new Set(['Query', 'Mutation', 'Subscription']);

describe('schema.graphql and types.ts', () => {
  const schema = buildExecutableSchema(loadTypeDefs(), resolvers);
  const named = Object.values(schema.getTypeMap()).filter((type) => !type.name.startsWith('__'));

  it('declare the same object and input types with the same fields', () => {
    const sdlTypes = named.filter((type) => (isObjectType(type) || isInputObjectType(type)) && !roots.has(type.name));
    expect(sdlTypes.map((type) => type.name).sort()).toEqual(Object.keys(schemaFields).sort());
    for (const type of sdlTypes) {
      if (!isObjectType(type) && !isInputObjectType(type)) continue;
      const declared = Object.keys(schemaFields[type.name as keyof typeof schemaFields]).sort();
      expect({ type: type.name, fields: Object.keys(type.getFields()).sort() }).toEqual({ type: type.name, fields: declared });
    }
  });

  it('declare the same enums with the same values', () => {
    const sdlEnums = Object.fromEntries(named.filter(isEnumType).map((type) => [type.name, type.getValues().map((value) => value.name)]));
    expect(sdlEnums).toEqual(schemaEnums);
  });

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
