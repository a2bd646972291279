import { GraphQLError, Kind, type GraphQLSchema, type ValueNode } from 'graphql';

const EXAMPLE = 'such as "2014-04-01"';

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `the ${typeof value} ${String(value)}`;
}

/**
 * A real calendar day written yyyy-mm-dd, or a GraphQLError saying what is wrong. No code: graphql-js
 * wraps a scalar's error into the variable's or literal's, which Apollo codes BAD_USER_INPUT or
 * GRAPHQL_VALIDATION_FAILED and answers 400.
 */
function checkDay(value: unknown): void {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) throw new GraphQLError(`A Date is written yyyy-mm-dd, ${EXAMPLE}; ${describe(value)} is not.`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new GraphQLError(`${describe(value)} is not a day in the calendar; a Date is written yyyy-mm-dd, ${EXAMPLE}.`);
  }
}

const STRICT = Symbol('golden-thread strict Date');

/**
 * @neo4j/graphql's Date reads input with `new Date(text)`, which rolls "2014-02-30" over to
 * 2 March and takes "1" for 2001. Every date in this graph is a legal fact (a commencement, a
 * repeal), so a wrong day must be refused, not guessed: the scalar keeps its own conversion and
 * gains a strict check in front of it.
 */
export function strictDates(schema: GraphQLSchema): void {
  const scalar = schema.getType('Date') as (ReturnType<GraphQLSchema['getType']> & { [STRICT]?: true }) | undefined;
  if (!scalar || !('parseValue' in scalar) || scalar[STRICT]) return;
  const { parseValue, parseLiteral } = scalar;
  scalar.parseValue = (value: unknown) => {
    checkDay(value);
    return parseValue.call(scalar, value);
  };
  scalar.parseLiteral = (node: ValueNode, variables?: Record<string, unknown> | null) => {
    checkDay(node.kind === Kind.STRING ? node.value : `(a ${node.kind.toLowerCase().replace('value', '')} literal)`);
    return parseLiteral.call(scalar, node, variables);
  };
  scalar[STRICT] = true;
}
