/**
 * The seed format's file shapes. Its vocabulary (entity types, properties, which relationships
 * may join which types) is the domain model's, in src/model/; seed/FORMAT.md explains it in prose
 * and the JSON Schema (seed/schema/dataset.schema.json) is generated from the model.
 */
import type { EntityType, EvidenceBasis } from '../model/index.js';

export type { EntityType, EvidenceBasis };

export interface SeedEntity {
  readonly id: string;
  readonly type: EntityType;
  readonly name: string;
  readonly [property: string]: unknown;
}

export interface SeedRelationship {
  readonly from: string;
  readonly type: string;
  readonly to: string;
  readonly basis: EvidenceBasis;
  readonly source: string;
  readonly quote?: string;
  readonly note?: string;
  readonly verified?: boolean;
  readonly validFrom?: string;
  readonly validTo?: string;
}

export interface SeedFile {
  readonly dataset: string;
  /** The partnership (its Board's id) whose work the dataset records; its editors may change it. */
  readonly partnership?: string;
  readonly entities?: readonly SeedEntity[];
  readonly relationships?: readonly SeedRelationship[];
}
