import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

export const schemaPath = fileURLToPath(new URL('./schema.graphql', import.meta.url));

export function loadTypeDefs(): string {
  return fs.readFileSync(schemaPath, 'utf8');
}

export type FieldResolver<TContext> = GraphQLFieldResolver<any, TContext, any>;
export type SubscriptionResolver<TContext> = { subscribe: FieldResolver<TContext>; resolve?: FieldResolver<TContext> };
export type ResolverMap<TContext> = Record<string, Record<string, FieldResolver<TContext> | SubscriptionResolver<TContext>>>;

/**
 * Builds the schema from the SDL and attaches the resolvers to its fields. A resolver for a field
 * the SDL lacks, or a root field without a resolver, is an error at start rather than a null at
 * run time. (A few lines instead of a graphql-tools dependency; unions resolve by `__typename`.)
 */
export function buildExecutableSchema<TContext>(typeDefs: string, resolvers: ResolverMap<TContext>): GraphQLSchema {
  const schema = buildSchema(typeDefs);
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`Resolvers given for "${typeName}", which is not an object type of the schema`);
    const schemaFields = type.getFields();
    for (const [fieldName, resolver] of Object.entries(fields)) {
      const field = schemaFields[fieldName];
      if (!field) throw new Error(`Resolver given for ${typeName}.${fieldName}, which the schema lacks`);
      if (typeof resolver === 'function') {
        field.resolve = resolver;
      } else {
        field.subscribe = resolver.subscribe;
        field.resolve = resolver.resolve ?? ((value: unknown) => value);
      }
    }
  }
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (!field.resolve) throw new Error(`${root!.name}.${field.name} has no resolver`);
    }
  }
  return schema;
}
