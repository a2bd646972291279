// How the diagram shows each entity type: its dot's colour and its row (0 at the bottom: local
// work first, the Acts last). Data only, keyed by the entity-type enum, so it can be generated.
export const TYPE_COLOURS = {
  ACTIVITY: '#1f6f43', PROGRAMME: '#2e7d6b', OUTCOME: '#6a4c93', PRIORITY: '#8e44ad', AGREEMENT: '#7a5c00',
  STRATEGY: '#b35900', DUTY: '#b00020', PROVISION: '#0b5394', LEGISLATION: '#073763', BOARD: '#555', ORGANISATION: '#555',
  AREA: '#555', PRINCIPLE: '#555', DISCREPANCY: '#555',
};

export const LAYER = {
  ACTIVITY: 0, PROGRAMME: 1, AGREEMENT: 1, OUTCOME: 2, PRIORITY: 2, BOARD: 2, ORGANISATION: 2, AREA: 2, PRINCIPLE: 2,
  DISCREPANCY: 2, STRATEGY: 3, DUTY: 4, PROVISION: 5, LEGISLATION: 6,
};
