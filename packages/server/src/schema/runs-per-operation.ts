import { AtelierError } from '@atelier/core';
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { fragmentsOf } from './fragments.js';

/** Mutations that each queue one run. */
const queuingFields = new Set(['runPipeline', 'trainModel', 'retryRun', 'rerunFromImage']);

/** Root fields that queue a run, through inline fragments and spreads on `Mutation`. */
function queuingCount(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, visiting: Set<string>): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) count += queuingFields.has(selection.name.value) ? 1 : 0;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += queuingCount(selection.selectionSet, fragments, visiting);
    else {
      const fragment = fragments.get(selection.name.value);
      if (!fragment || visiting.has(fragment.name.value)) continue;
      visiting.add(fragment.name.value);
      count += queuingCount(fragment.selectionSet, fragments, visiting);
      visiting.delete(fragment.name.value);
    }
  }
  return count;
}

/**
 * Refuses a mutation that would queue more than `maxRuns` runs (aliases count), before any of them
 * is queued: the whole operation is refused, so nothing is written.
 */
export function runsPerOperationRule(maxRuns: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation: OperationDefinitionNode) {
      if (operation.operation !== 'mutation') return;
      const runs = queuingCount(operation.selectionSet, fragmentsOf(context.getDocument()), new Set());
      if (runs > maxRuns) {
        const cause = new AtelierError('LIMIT_EXCEEDED', `The operation queues ${runs} runs; one request may queue at most ${maxRuns}`, {
          limit: maxRuns,
          setting: 'limits.maxRunsPerRequest',
        });
        context.reportError(new GraphQLError(cause.message, { nodes: [operation], originalError: cause }));
      }
    },
  });
}
