/**
 * The golden thread for agents: a Model Context Protocol server whose tools (search, trace,
 * impact, coverage, compare) call the same operations as the GraphQL API and answer the same
 * objects, evidence and all, with the provenance an answer carries there (generatedAt, asOf,
 * datasets with their checksums, lastChangeId, lastChangeAt), so an agent can cite what it read.
 *
 * Inputs are checked twice: by zod (shapes, so the client sees the schema) and by the operations
 * themselves (the rules the API applies: id syntax, page sizes, dates). A refusal comes back as
 * a tool error whose text is the operation's sentence and its code, as the API would say it.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Database } from '../database/driver.js';
import { isGoldenThreadError } from '../errors.js';
import type { Logger } from '../logger.js';
import { BASIS_STRENGTH, ENTITY_TYPE_NAMES, type EntityTypeName, type EvidenceBasis } from '../model/index.js';
import { compare } from '../operations/compare.js';
import { coverage } from '../operations/coverage.js';
import { impact } from '../operations/impact.js';
import { parseAsOf } from '../operations/input.js';
import { createLoaders } from '../operations/loaders.js';
import { provenance, stamp } from '../operations/provenance.js';
import { search, SEARCH_DEFAULT_FIRST, SEARCH_MAX_FIRST } from '../operations/search.js';
import { trace } from '../operations/trace.js';

const VERSION = '0.1.0';

const basis = z
  .array(z.enum(BASIS_STRENGTH as [EvidenceBasis, ...EvidenceBasis[]]))
  .optional()
  .describe('Count only relationships with one of these bases (STATED in a source, EXTERNAL fact, INFERRED by us); omit for all.');
const verifiedOnly = z.boolean().optional().describe('Count only relationships not marked verified: false.');
const asOf = z.string().optional().describe('Answer as at this day (YYYY-MM-DD); omit for no date filter.');

/** Runs an operation and answers it as the API does, stamped, with its provenance; a refusal is a tool error. */
async function answer(db: Database, logger: Logger, tool: string, asOfDay: unknown, run: () => Promise<object>): Promise<CallToolResult> {
  try {
    const stamped = stamp(await run(), parseAsOf(asOfDay));
    const found = await provenance(db, stamped);
    const result = { ...stamped, ...found };
    return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result };
  } catch (error) {
    if (isGoldenThreadError(error)) return { isError: true, content: [{ type: 'text', text: `${error.message} [${error.code}]` }] };
    logger.error({ err: error, tool }, 'MCP tool failed');
    return { isError: true, content: [{ type: 'text', text: 'The tool failed inside the server; its log says why. [INTERNAL_SERVER_ERROR]' }] };
  }
}

export function createMcpServer(db: Database, logger: Logger): McpServer {
  const server = new McpServer({ name: 'golden-thread', version: VERSION });
  const read = { readOnlyHint: true, openWorldHint: false } as const;

  server.registerTool(
    'search',
    {
      title: 'Search the golden thread',
      description:
        'Find entities (legislation, provisions, duties, strategies, partnerships, agreements, their priorities and activities) by id, legal citation ("1998 c. 37", "CDA 1998", "SI 2007/1830", "s.6"), name, alias, phrase or words, best first; each hit says why it ranks where it does (match).',
      inputSchema: {
        text: z.string().describe('Words, a name, an id or a citation to look for (at most 500 characters).'),
        first: z.number().int().optional().describe(`How many hits (default ${SEARCH_DEFAULT_FIRST}, at most ${SEARCH_MAX_FIRST}).`),
        kinds: z
          .array(z.enum(ENTITY_TYPE_NAMES as [EntityTypeName, ...EntityTypeName[]]))
          .optional()
          .describe('Only entities of these types, e.g. ["LEGISLATION", "PROVISION"]; omit for all.'),
      },
      annotations: read,
    },
    (args) => answer(db, logger, 'search', undefined, async () => ({ hits: await search(db, args) })),
  );

  server.registerTool(
    'trace',
    {
      title: 'Trace an activity to the law',
      description:
        'What backs one local activity: every chain from it to legislation, duties and national strategies, each hop with its evidence (basis, source, quote), and the summary a person reads.',
      inputSchema: {
        activityId: z.string().describe('The activity\'s id, e.g. "lancashire-csa-2014-2016/activity/7" (search finds it).'),
        asOf,
        basis,
        verifiedOnly,
      },
      annotations: read,
    },
    (args) => answer(db, logger, 'trace', args.asOf, () => trace(db, args, createLoaders(db))),
  );

  server.registerTool(
    'impact',
    {
      title: 'What depends on an entity',
      description:
        'Every agreement, activity and programme that depends on an entity (an Act, a section, a duty, a strategy), counted, a page at a time, each with one shortest chain and its evidence.',
      inputSchema: {
        id: z.string().describe('The entity\'s id, e.g. "ukpga/1998/37/section/17".'),
        asOf,
        first: z.number().int().optional().describe('Dependents on this page (default 50, at most 500).'),
        after: z.string().optional().describe("The previous page's endCursor."),
        basis,
        verifiedOnly,
      },
      annotations: read,
    },
    (args) => answer(db, logger, 'impact', args.asOf, () => impact(db, args, createLoaders(db))),
  );

  server.registerTool(
    'coverage',
    {
      title: "An agreement's statutory coverage",
      description: 'For every duty in scope of an agreement: discharged (by what, with the evidence), a gap, or an unused power.',
      inputSchema: {
        agreementId: z.string().describe('The agreement\'s id, e.g. "lancashire-csa-2014-2016".'),
        basis,
        verifiedOnly,
      },
      annotations: read,
    },
    (args) => answer(db, logger, 'coverage', undefined, () => coverage(db, args, createLoaders(db))),
  );

  server.registerTool(
    'compare',
    {
      title: 'Compare agreements',
      description: "Up to 50 agreements side by side: each duty's coverage in each, priorities and indicators matched by wording, national strategies.",
      inputSchema: {
        agreementIds: z.array(z.string()).describe('The agreements\' ids, e.g. ["lancashire-csa-2014-2016"] (at most 50).'),
        asOf,
      },
      annotations: read,
    },
    (args) => answer(db, logger, 'compare', args.asOf, () => compare(db, args, createLoaders(db))),
  );

  return server;
}
