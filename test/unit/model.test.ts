import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, type FieldDefinitionNode, type ObjectTypeDefinitionNode, type TypeNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import {
  DATE_PRECISION,
  ENTITIES,
  ENTITY_TYPES,
  EVIDENCE_PROPERTIES,
  IMPACT_STEPS,
  RELATIONSHIPS,
  RELATIONSHIP_TYPES,
  TRACE_STEPS,
  enumValues,
  precisionProperty,
  propertiesOf,
  relationshipAllowed,
} from '../../src/model/index.js';
import { GENERATED_FILES } from '../../src/model/generate/files.js';
import { query } from '../../src/operations/queries.js';

const sdl = parse(fs.readFileSync(path.join(PROJECT_ROOT, 'schema', 'model.graphql'), 'utf8'));
const objectTypes = new Map(sdl.definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION).map((d) => [d.name.value, d]));

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function relationshipOf(field: FieldDefinitionNode): { type: string; direction: string } | undefined {
  const directive = field.directives?.find((d) => d.name.value === 'relationship');
  if (!directive) return undefined;
  const arg = (name: string) => {
    const value = directive.arguments?.find((a) => a.name.value === name)?.value;
    return value && (value.kind === Kind.STRING || value.kind === Kind.ENUM) ? value.value : undefined;
  };
  return { type: arg('type') ?? '', direction: arg('direction') ?? '' };
}

function field(type: string, name: string): FieldDefinitionNode | undefined {
  return objectTypes.get(type)?.fields?.find((f) => f.name.value === name);
}

describe('the domain model', () => {
  it.each(GENERATED_FILES.map((file) => [file.path, file] as const))('%s is what `npm run generate` writes from the model', (file, spec) => {
    expect(fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8'), `${file} is stale: run npm run generate`).toBe(spec.render());
  });

  it('gives every relationship the seed format accepts a field on both of its ends', () => {
    const missing: string[] = [];
    for (const type of RELATIONSHIP_TYPES) {
      for (const link of RELATIONSHIPS[type].links) {
        const out = field(link.from, link.out.name);
        const outRel = out && relationshipOf(out);
        const target = link.to === '*' ? 'Entity' : link.to;
        if (!out || outRel?.type !== type || outRel.direction !== 'OUT' || namedType(out.type) !== target) missing.push(`${link.from}.${link.out.name}`);
        for (const end of link.to === '*' ? ENTITY_TYPES : [link.to]) {
          const back = field(end, link.in.name);
          const backRel = back && relationshipOf(back);
          if (!back || backRel?.type !== type || backRel.direction !== 'IN' || namedType(back.type) !== link.from) missing.push(`${end}.${link.in.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('has no relationship field the model does not state', () => {
    for (const [typeName, definition] of objectTypes) {
      for (const f of definition.fields ?? []) {
        const rel = relationshipOf(f);
        if (!rel) continue;
        const target = namedType(f.type);
        const [from, to] = rel.direction === 'OUT' ? [typeName, target] : [target, typeName];
        const allowed =
          to === 'Entity'
            ? ENTITY_TYPES.some((t) => relationshipAllowed(rel.type, from as never, t))
            : relationshipAllowed(rel.type, from as never, to as never);
        expect(allowed, `${typeName}.${f.name.value}`).toBe(true);
      }
    }
  });

  it('serves every closed set as a GraphQL enum with every value documented', () => {
    const enums = new Map(sdl.definitions.flatMap((d) => (d.kind === Kind.ENUM_TYPE_DEFINITION ? [[d.name.value, d] as const] : [])));
    for (const type of ENTITY_TYPES) {
      for (const [name, spec] of Object.entries(propertiesOf(type))) {
        if (spec.type !== 'enum' || !spec.enum) continue;
        const f = field(type, name);
        expect(f && namedType(f.type), `${type}.${name}`).toBe(spec.enum.name);
        const definition = enums.get(spec.enum.name);
        expect(definition?.values?.map((v) => v.name.value)).toEqual(enumValues(spec.enum));
        expect(definition?.values?.every((v) => (v.description?.value ?? '').length > 0)).toBe(true);
      }
    }
    for (const definition of objectTypes.values()) {
      for (const f of definition.fields ?? []) expect((f.description?.value ?? '').length, `${definition.name.value}.${f.name.value}`).toBeGreaterThan(0);
    }
  });

  it('gives every date a precision companion, in the API and the seed format alike', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'seed', 'schema', 'dataset.schema.json'), 'utf8')) as {
      $defs: Record<string, { properties: Record<string, unknown>; dependentRequired: Record<string, string[]> }>;
    };
    let dates = 0;
    for (const type of ENTITY_TYPES) {
      for (const [name, spec] of Object.entries(propertiesOf(type))) {
        if (spec.type !== 'date') continue;
        dates += 1;
        const companion = precisionProperty(name);
        expect(propertiesOf(type)[companion]?.enum, `${type}.${companion}`).toBe(DATE_PRECISION);
        const served = field(type, companion);
        expect(served && namedType(served.type), `${type}.${companion}`).toBe('DatePrecision');
        expect(schema.$defs[type]?.dependentRequired[companion], `${type}.${companion}`).toEqual([name]);
      }
    }
    expect(dates).toBeGreaterThan(ENTITY_TYPES.length * 2);
  });

  it('serves a measurement as a number and names the document of a piece of evidence', () => {
    const value = field('Measurement', 'value');
    expect(value && namedType(value.type)).toBe('Float');
    const evidence = sdl.definitions.find((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Evidence');
    expect(evidence?.fields?.map((f) => f.name.value)).toContain('document');
    expect(EVIDENCE_PROPERTIES.document?.references).toBe('Document');
  });

  it('walks the thread only over relationships the model has', () => {
    for (const step of [...TRACE_STEPS, ...IMPACT_STEPS]) expect(RELATIONSHIP_TYPES).toContain(step.type);
    expect(Object.keys(ENTITIES)).toEqual([...ENTITY_TYPES]);
  });

  it('puts the shared rules into every named query, and leaves no placeholder', () => {
    const dir = path.join(PROJECT_ROOT, 'cypher', 'queries');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.cypher'))) {
      const text = query(file.replace(/\.cypher$/, ''));
      expect(text, file).not.toContain('{{');
    }
    const rules = ['trace', 'impact-step', 'impact', 'coverage', 'alignment'].map((name) => fs.readFileSync(path.join(dir, `${name}.cypher`), 'utf8'));
    for (const text of rules) {
      expect(text).not.toMatch(/\.validFrom <= day/);
      expect(text).not.toMatch(/scope = 'NATIONAL'/);
    }
  });
});
