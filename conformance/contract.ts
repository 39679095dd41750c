/**
 * The contract as the kit reads it: `openapi.yaml` (the package's own copy,
 * one folder up from the kit, in the sources as in `dist/`), and a check of an
 * answer against the operation's declared responses: the status is declared,
 * the content type is the declared one, the JSON body validates against the
 * declared schema (Ajv, JSON Schema 2020-12 as OpenAPI 3.1 says, every
 * `#/components/schemas/*` registered so each `$ref` resolves).
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import YAML from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface ResponseObject {
  headers?: Record<string, JsonObject>;
  content?: Record<string, { schema?: JsonObject }>;
}
interface Operation {
  operationId: string;
  responses: Record<string, ResponseObject | { $ref: string }>;
}
interface OpenApiDoc {
  paths: Record<string, Record<string, Operation | unknown>>;
  components: { schemas: Record<string, JsonObject>; responses: Record<string, ResponseObject> };
}

/** What the check needs of an answer. */
export interface Answer {
  status: number;
  contentType: string;
  /** The parsed body (undefined when it is empty or not JSON). */
  body: unknown;
  text: string;
}

const BASE = 'https://conformance.test/';
const SCHEMA_REF = '#/components/schemas/';

export const OPENAPI_URL = new URL('../openapi.yaml', import.meta.url);

// ajv-formats is CommonJS with `exports.default`: depending on the loader the default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

function rewriteRefs(value: Json): Json {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith(SCHEMA_REF) ? `${BASE}schemas/${v.slice(SCHEMA_REF.length)}` : rewriteRefs(v);
  }
  return out;
}

export class Contract {
  private readonly doc: OpenApiDoc;
  private readonly ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  private readonly operations = new Map<string, Operation>();
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(yamlText: string = readFileSync(OPENAPI_URL, 'utf8')) {
    this.doc = rewriteRefs(YAML.parse(yamlText) as Json) as unknown as OpenApiDoc;
    addFormats(this.ajv);
    for (const [name, schema] of Object.entries(this.doc.components.schemas)) {
      this.ajv.addSchema({ ...schema, $id: `${BASE}schemas/${name}` });
    }
    for (const item of Object.values(this.doc.paths)) {
      for (const op of Object.values(item)) {
        const operation = op as Operation;
        if (operation && typeof operation === 'object' && 'operationId' in operation) this.operations.set(operation.operationId, operation);
      }
    }
  }

  /** The operation ids the contract declares. */
  operationIds(): string[] {
    return [...this.operations.keys()];
  }

  /** The statuses the operation declares. */
  statuses(operationId: string): string[] {
    return Object.keys(this.operation(operationId).responses);
  }

  /** What is wrong with the answer for this operation (empty: it conforms). */
  problems(operationId: string, answer: Answer): string[] {
    const response = this.response(operationId, answer.status);
    if (!response) return [`status ${answer.status} is not declared for ${operationId} (declared: ${this.statuses(operationId).join(', ')})`];
    const content = response.content;
    if (!content) return answer.text === '' ? [] : [`${operationId} ${answer.status} declares no body, got ${answer.text.slice(0, 80)}`];
    const [mediaType, media] = Object.entries(content)[0]!;
    if (answer.contentType.split(';')[0]!.trim().toLowerCase() !== mediaType) {
      return [`Content-Type is "${answer.contentType}", not ${mediaType}`];
    }
    if (answer.body === undefined) return [`the body is not JSON: ${answer.text.slice(0, 80)}`];
    if (!media.schema) return [];
    const key = `${operationId} ${answer.status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(media.schema);
      this.validators.set(key, validate);
    }
    if (validate(answer.body)) return [];
    return (validate.errors ?? []).map((e) => `body${e.instancePath || ''} ${e.message ?? 'is invalid'}`);
  }

  private operation(operationId: string): Operation {
    const op = this.operations.get(operationId);
    if (!op) throw new Error(`openapi.yaml has no operation ${operationId}`);
    return op;
  }

  private response(operationId: string, status: number): ResponseObject | undefined {
    const r = this.operation(operationId).responses[String(status)];
    if (!r) return undefined;
    if ('$ref' in r) return this.doc.components.responses[r.$ref.split('/').pop()!];
    return r;
  }
}
