/**
 * The contract check every test request goes through: finds the operation of
 * openapi.yaml for the request (path template + method) and fails when the
 * status code is not declared, the content type differs, the JSON body does
 * not validate against the declared schema (Ajv, JSON Schema 2020-12, the
 * components registered so every $ref resolves), or a declared header is
 * missing. Requests outside /api/v1 are not part of the contract.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import YAML from 'yaml';
import { PROJECT_ROOT } from '../config.js';

export const API_PREFIX = '/api/v1';
export const OPENAPI_PATH = join(PROJECT_ROOT, 'openapi.yaml');

const BASE = 'https://contract.test/';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface MediaType {
  schema?: JsonObject;
}
interface ResponseObject {
  description?: string;
  headers?: Record<string, JsonObject>;
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId?: string;
  responses: Record<string, ResponseObject | { $ref: string }>;
}
interface OpenApiDoc {
  paths: Record<string, Record<string, Operation | JsonObject[]>>;
  components: { schemas: Record<string, JsonObject>; responses: Record<string, ResponseObject> };
}

export interface ObservedResponse {
  method: string;
  /** The request URL or path (query string allowed). */
  url: string;
  status: number;
  contentType: string | null;
  headers: { has(name: string): boolean };
  /** The raw body text. */
  text: string;
}

// ajv-formats is CommonJS with `exports.default`; under tsx/Node ESM the default import may be the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

/** `#/components/schemas/X` → an absolute URI Ajv knows. */
function rewriteRefs(value: Json): Json {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
        out[k] = `${BASE}schemas/${v.slice('#/components/schemas/'.length)}`;
      } else {
        out[k] = rewriteRefs(v);
      }
    }
    return out;
  }
  return value;
}

interface Route {
  template: string;
  pattern: RegExp;
  operations: Partial<Record<(typeof METHODS)[number], Operation>>;
}

export class Contract {
  readonly doc: OpenApiDoc;
  private readonly ajv: Ajv2020;
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(path: string = OPENAPI_PATH) {
    this.doc = rewriteRefs(YAML.parse(readFileSync(path, 'utf8')) as Json) as unknown as OpenApiDoc;
    this.ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
    addFormats(this.ajv);
    for (const [name, schema] of Object.entries(this.doc.components.schemas)) {
      this.ajv.addSchema({ ...schema, $id: `${BASE}schemas/${name}` });
    }
    this.routes = Object.entries(this.doc.paths).map(([template, item]) => {
      const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)');
      const operations: Route['operations'] = {};
      for (const method of METHODS) {
        const op = item[method];
        if (op && !Array.isArray(op)) operations[method] = op as Operation;
      }
      return { template, pattern: new RegExp(`^${source}$`), operations };
    });
  }

  /** The operation for a method and an API path (without the /api/v1 prefix). */
  find(method: string, apiPath: string): { template: string; operation: Operation } | undefined {
    const m = method.toLowerCase() as (typeof METHODS)[number];
    // Literal templates before parameterised ones, like a router.
    const candidates = this.routes.filter((r) => r.pattern.test(apiPath)).sort((a, b) => a.template.split('{').length - b.template.split('{').length);
    for (const route of candidates) {
      const operation = route.operations[m];
      if (operation) return { template: route.template, operation };
    }
    return undefined;
  }

  private validator(key: string, schema: JsonObject): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.validators.set(key, validate);
    }
    return validate;
  }

  private resolveResponse(response: ResponseObject | { $ref: string }): ResponseObject {
    if ('$ref' in response) {
      const name = response.$ref.replace('#/components/responses/', '');
      const resolved = this.doc.components.responses[name];
      if (!resolved) throw new Error(`Unresolvable response $ref ${response.$ref}`);
      return resolved;
    }
    return response;
  }

  /** Every way the response breaks the contract (empty when it conforms). */
  check(observed: ObservedResponse): string[] {
    const url = new URL(observed.url, 'http://host');
    if (!url.pathname.startsWith(`${API_PREFIX}/`)) return [];
    const apiPath = url.pathname.slice(API_PREFIX.length);
    const where = `${observed.method} ${url.pathname} → ${observed.status}`;
    const found = this.find(observed.method, apiPath);
    let response: ResponseObject;
    let key: string;
    if (!found) {
      // No such operation: the only acceptable answer is a 404 problem.
      if (observed.status !== 404) return [`${where}: no operation in openapi.yaml for this request, yet it did not answer 404`];
      response = this.doc.components.responses['Problem']!;
      key = 'no-operation/404';
    } else {
      const declared = found.operation.responses[String(observed.status)] ?? found.operation.responses['default'];
      if (!declared) {
        return [`${where}: status ${observed.status} is not declared for ${observed.method.toUpperCase()} ${found.template}`];
      }
      response = this.resolveResponse(declared);
      key = `${observed.method} ${found.template} ${observed.status}`;
    }

    const failures: string[] = [];
    for (const header of Object.keys(response.headers ?? {})) {
      if (!observed.headers.has(header)) failures.push(`${where}: declared header ${header} is missing`);
    }
    const content = response.content;
    if (!content) {
      if (observed.text !== '') failures.push(`${where}: a body was sent but the contract declares none`);
      return failures;
    }
    const mediaType = (observed.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    const media = content[mediaType];
    if (!media) {
      failures.push(`${where}: content type ${JSON.stringify(mediaType)} is not one of ${Object.keys(content).join(', ')}`);
      return failures;
    }
    if (!media.schema) return failures;
    let body: unknown;
    try {
      body = JSON.parse(observed.text);
    } catch {
      failures.push(`${where}: the body is not JSON: ${observed.text.slice(0, 200)}`);
      return failures;
    }
    const validate = this.validator(`${key} ${mediaType}`, media.schema);
    if (!validate(body)) {
      const errors = (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''}`);
      failures.push(`${where}: the body does not match the schema: ${errors.join('; ')}`);
    }
    return failures;
  }
}

let shared: Contract | undefined;
export function contract(): Contract {
  shared ??= new Contract();
  return shared;
}
