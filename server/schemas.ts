/**
 * The routes' schemas, derived from `openapi.yaml` at start-up: for each
 * operation, its path and query parameters and its JSON request body, as the
 * JSON Schemas fastify validates with Ajv (JSON Schema 2020-12, as OpenAPI 3.1
 * says). The contract is written once: `registerContractSchemas` gives every
 * route of the API its operation's schemas, and a route the contract does not
 * declare stops the start-up.
 *
 * Query and path parameters are coerced from text to the declared types and
 * take the declared defaults; an empty query parameter (`?offset=`) is an
 * absent one. Bodies are never coerced (a number is not a name). What a
 * schema refuses becomes field errors (validation.ts): 400 for the path, the
 * query, or a body that is not a JSON object; the body's field errors go to the
 * service, which reports them with those of the shared field rules as one 422.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';
import YAML from 'yaml';
import { badPath, badQuery, checkedBody } from './schema-errors.js';
import type { BodyCheck } from './validation.js';

type Json = null | boolean | number | string | Json[] | JsonObject;
export type JsonObject = { [key: string]: Json };

/** The schemas of one operation, in the shape of fastify's route `schema`. */
export interface OperationSchemas {
  operationId: string;
  params?: JsonObject;
  querystring?: JsonObject;
  body?: JsonObject;
}

const CONTRACT = new URL('../openapi.yaml', import.meta.url);
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** OpenAPI's own schema keywords, which JSON Schema validators do not know. */
const OPENAPI_KEYWORDS = ['example', 'discriminator', 'xml', 'externalDocs'];

/** Follows the `$ref`s of `node` (local ones, `#/...`), keeping the keywords written beside them. */
function deref(doc: JsonObject, node: Json, seen: string[] = []): Json {
  if (Array.isArray(node)) return node.map((n) => deref(doc, n, seen));
  if (node === null || typeof node !== 'object') return node;
  const { $ref, ...rest } = node;
  const out: JsonObject = {};
  if (typeof $ref === 'string') {
    if (!$ref.startsWith('#/') || seen.includes($ref)) throw new Error(`openapi.yaml: cannot follow $ref ${$ref}`);
    const target = $ref
      .slice(2)
      .split('/')
      .reduce<Json>((at, key) => (at as JsonObject)[key.replace(/~1/g, '/').replace(/~0/g, '~')] ?? null, doc);
    if (target === null) throw new Error(`openapi.yaml: $ref ${$ref} names nothing`);
    Object.assign(out, deref(doc, target, [...seen, $ref]));
  }
  for (const [key, value] of Object.entries(rest)) out[key] = deref(doc, value, seen);
  return out;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonObject;
}

function parametersSchema(parameters: Parameter[], where: 'path' | 'query'): JsonObject | undefined {
  const chosen = parameters.filter((p) => p.in === where);
  if (chosen.length === 0) return undefined;
  return {
    type: 'object',
    properties: Object.fromEntries(chosen.map((p) => [p.name, p.schema])),
    required: chosen.filter((p) => p.required).map((p) => p.name),
  };
}

/**
 * Every operation of the contract by `METHOD /path`, the path written as
 * fastify writes it (`GET /clients/:clientId/contacts`).
 */
export function operationSchemas(yamlText: string = readFileSync(CONTRACT, 'utf8')): Map<string, OperationSchemas> {
  const doc = YAML.parse(yamlText) as JsonObject;
  const operations = new Map<string, OperationSchemas>();
  for (const [path, rawItem] of Object.entries(doc['paths'] as JsonObject)) {
    const item = deref(doc, rawItem) as JsonObject;
    const shared = (item['parameters'] ?? []) as unknown as Parameter[];
    for (const method of METHODS) {
      const op = item[method] as JsonObject | undefined;
      if (!op) continue;
      // An operation's parameter replaces the path's of the same name and location.
      const own = (op['parameters'] ?? []) as unknown as Parameter[];
      const parameters = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own];
      const schemas: OperationSchemas = { operationId: String(op['operationId']) };
      const params = parametersSchema(parameters, 'path');
      const querystring = parametersSchema(parameters, 'query');
      const body = ((op['requestBody'] as JsonObject | undefined)?.['content'] as JsonObject | undefined)?.['application/json'] as
        | JsonObject
        | undefined;
      if (params) schemas.params = params;
      if (querystring) schemas.querystring = querystring;
      if (body) schemas.body = body['schema'] as JsonObject;
      operations.set(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`, schemas);
    }
  }
  return operations;
}

/** JSON Schema's `date-time` (RFC 3339): a date, `T`, a time with seconds, and `Z` or an offset; a real moment. */
export function isDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
}

function ajv(options: { coerceTypes: boolean }): Ajv2020 {
  const instance = new Ajv2020({ allErrors: true, allowUnionTypes: true, verbose: true, useDefaults: true, strict: true, ...options });
  instance.addVocabulary(OPENAPI_KEYWORDS);
  instance.addFormat('date-time', { type: 'string', validate: isDateTime });
  return instance;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The body, and the field errors its schema found (validation.ts reports them with the rules'). */
    checked: BodyCheck;
  }
}

/**
 * Gives each route of `api` (registered after this call) the schemas of its
 * operation in the contract, validated by Ajv; see the module's comment for
 * what a refusal answers.
 */
export function registerContractSchemas(api: FastifyInstance, operations = operationSchemas()): void {
  const bodies = ajv({ coerceTypes: false });
  const parameters = ajv({ coerceTypes: true });
  api.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodies : parameters).compile(schema));
  api.decorateRequest('checked', null as unknown as BodyCheck);

  api.addHook('onRoute', (route) => {
    const method = route.method === 'HEAD' ? 'GET' : String(route.method);
    const path = route.url.slice(route.prefix.length);
    const found = operations.get(`${method} ${path}`);
    if (!found) throw new Error(`${method} ${route.url} is not in openapi.yaml`);
    const { operationId: _, ...schema } = found;
    route.schema = schema;
    route.attachValidation = true; // (the preHandler below decides what a refusal answers)
  });

  api.addHook('preValidation', async (request) => {
    const query = request.query as Record<string, unknown>;
    for (const [name, value] of Object.entries(query)) if (value === '') delete query[name];
  });

  api.addHook('preHandler', async (request) => {
    const failure = request.validationError as (Error & { validation?: unknown[]; validationContext?: string }) | undefined;
    const schema = request.routeOptions.schema;
    if (failure?.validationContext === 'params') throw badPath(failure.validation, schema?.params as JsonObject);
    if (failure?.validationContext === 'querystring') throw badQuery(failure.validation, schema?.querystring as JsonObject);
    const body = failure?.validationContext === 'body' ? failure.validation : [];
    request.checked = checkedBody(request.body, body, schema?.body as JsonObject | undefined);
  });
}
