import { AtelierError } from '@atelier/core';
import {
  getNamedType,
  GraphQLError,
  isObjectType,
  isInterfaceType,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { fragmentsOf } from './fragments.js';

interface CostWalk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  /** What a `first` given by a variable may be at most (the resolvers refuse more). */
  maxListSize: number;
  visiting: Set<string>;
}

/**
 * A field's `first`: the literal, the schema default when absent, the list limit for a variable.
 * Capped at the list limit, which the resolver enforces with its own, more precise error.
 */
function pageSize(value: ValueNode | undefined, fallback: unknown, maxListSize: number): number {
  if (!value) return typeof fallback === 'number' ? fallback : 1;
  if (value.kind === Kind.INT) return Math.min(maxListSize, Math.max(1, Number(value.value)));
  return value.kind === Kind.VARIABLE ? maxListSize : 1;
}

function selectionCost(selectionSet: SelectionSetNode, type: GraphQLNamedType | undefined, walk: CostWalk): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      // Introspection's size is fixed by the schema, not by the client (GraphiQL's query is large).
      if (selection.name.value.startsWith('__')) continue;
      const field = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[selection.name.value] : undefined;
      const firstArg = field?.args.find((arg) => arg.name === 'first');
      const pages = firstArg ? pageSize(selection.arguments?.find((a) => a.name.value === 'first')?.value, firstArg.defaultValue, walk.maxListSize) : 1;
      const below = selection.selectionSet ? selectionCost(selection.selectionSet, field && getNamedType(field.type), walk) : 0;
      cost += 1 + pages * below;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : type;
      cost += selectionCost(selection.selectionSet, condition ?? undefined, walk);
    } else {
      const name = selection.name.value;
      const fragment = walk.fragments.get(name);
      // Unknown and cyclic fragments are reported by graphql's own rules; here they add nothing.
      if (!fragment || walk.visiting.has(name)) continue;
      walk.visiting.add(name);
      cost += selectionCost(fragment.selectionSet, walk.schema.getType(fragment.typeCondition.name.value) ?? undefined, walk);
      walk.visiting.delete(name);
    }
  }
  return cost;
}

/**
 * Refuses operations whose cost passes `maxCost`: every field (aliases and fragment spreads counted
 * each time they appear) costs 1, and a field with a `first` argument multiplies what it selects by
 * that page size. So 1,000 aliases of `runs(first: 200) { … }` are refused before any resolver runs.
 */
export function queryCostRule(maxCost: number, maxListSize: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation: OperationDefinitionNode) {
      const schema = context.getSchema();
      const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
      const walk: CostWalk = { schema, fragments: fragmentsOf(context.getDocument()), maxListSize, visiting: new Set() };
      const cost = selectionCost(operation.selectionSet, root ?? undefined, walk);
      if (cost > maxCost) {
        const name = operation.name ? `"${operation.name.value}"` : 'The operation';
        const cause = new AtelierError('LIMIT_EXCEEDED', `${name} costs ${cost} (fields, lists counted by their page size); the limit is ${maxCost}`, {
          limit: maxCost,
          setting: 'limits.maxQueryCost',
          cost,
        });
        context.reportError(new GraphQLError(cause.message, { nodes: [operation], originalError: cause }));
      }
    },
  });
}
