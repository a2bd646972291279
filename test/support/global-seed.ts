import type { TestProject } from 'vitest/node';
import { useNeo4j } from './global-setup.js';

/**
 * The read and write tiers: the run's database, seeded once for the whole run, before any of
 * their files. Read files share it as it is; write files put back what they change.
 */
export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return useNeo4j(project, { seeded: true });
}
