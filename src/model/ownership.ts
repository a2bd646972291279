/**
 * Who owns what. Every entity carries the partnership (the id of its Board) whose work it is;
 * shared national data (the legal layer, national strategies) carries none. An editor changes
 * only their partnership's entities; an admin changes anything. The SDL's @authorization rules
 * and the mutation wrapper's linking rule are both read from here.
 */
export const OWNERSHIP = {
  /** The entity property that names the owning partnership. */
  property: 'partnership',
  /** The JWT claim that names the editor's partnership. */
  claim: 'partnership',
  /** May change the entities of its own partnership, and link them to anything. */
  editorRole: 'editor',
  /** May change anything. */
  adminRole: 'admin',
} as const;
