import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { JsonSchema, OpenApiDocument, Operation, ResponseObject } from '#features/openapi/types.ts';

const BASE = 'tori:openapi';

/** The document's `#/components/schemas/X` references, pointed at one registered schema. */
function relink(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(relink);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' ? value.replace('#/components/schemas/', `${BASE}#/$defs/`) : relink(value),
    ]),
  );
}

/** Checks answers of the API against its OpenAPI document: path, method, status, content type, body. */
export class ApiContract {
  readonly #ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true });
  readonly #compiled = new Map<object, ValidateFunction>();
  readonly #basePath: string;
  readonly #paths: { pattern: RegExp; item: OpenApiDocument['paths'][string] }[];

  readonly document: OpenApiDocument;

  constructor(document: OpenApiDocument) {
    this.document = document;
    addFormats.default(this.#ajv);
    // Compiling every schema up front also proves each is valid JSON Schema 2020-12.
    this.#ajv.addSchema({ $id: BASE, $defs: relink(document.components.schemas) as Record<string, JsonSchema> });
    for (const name of Object.keys(document.components.schemas)) this.#ajv.getSchema(`${BASE}#/$defs/${name}`);
    this.#basePath = new URL(document.servers[0]!.url).pathname.replace(/\/$/, '');
    this.#paths = Object.entries(document.paths).map(([template, item]) => ({
      pattern: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      item,
    }));
  }

  #validator(schema: JsonSchema): ValidateFunction {
    let validate = this.#compiled.get(schema);
    if (!validate) {
      validate = this.#ajv.compile(relink(schema) as JsonSchema);
      this.#compiled.set(schema, validate);
    }
    return validate;
  }

  /** What is wrong with one answer; empty when the document describes it. */
  async problems(method: string, url: string, response: Response): Promise<string[]> {
    const path = new URL(url).pathname;
    const where = `${method} ${path} → ${response.status}`;
    if (!path.startsWith(`${this.#basePath}/`)) return [`${where}: outside the API`];
    const item = this.#paths.find((p) => p.pattern.test(path.slice(this.#basePath.length)))?.item;
    if (!item) return [`${where}: path not in the document`];
    const verb = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
    const operation = item[verb as keyof typeof item] as Operation | undefined;
    if (!operation) return [`${where}: method not in the document`];
    let documented = operation.responses[response.status];
    if (documented && '$ref' in documented) documented = this.document.components.responses[documented.$ref.split('/').at(-1)!];
    if (!documented) return [`${where}: status not in the document`];
    return this.#bodyProblems(where, method, response, documented as ResponseObject);
  }

  async #bodyProblems(where: string, method: string, response: Response, documented: ResponseObject): Promise<string[]> {
    const text = await response.clone().text();
    if (!documented.content) return text === '' ? [] : [`${where}: a body where the document has none`];
    if (method.toUpperCase() === 'HEAD') return [];
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const media = documented.content[type];
    if (!media) return [`${where}: content type "${type}" not in the document`];
    if (type !== 'application/json') return [];
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [`${where}: body is not JSON`];
    }
    const validate = this.#validator(media.schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${where}: body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  }
}

const contracts = new Map<string, Promise<ApiContract>>();
const plainFetch = globalThis.fetch;

/** The document served by the server at this origin, read once per server. */
export function servedContract(origin: string): Promise<ApiContract> {
  let contract = contracts.get(origin);
  if (!contract) {
    contract = plainFetch(`${origin}/api/v1/openapi.json`).then(async (r) => {
      if (r.status !== 200) throw new Error(`GET /api/v1/openapi.json answered ${r.status}`);
      return new ApiContract(await r.json());
    });
    contracts.set(origin, contract);
  }
  return contract;
}

/**
 * Every answer from /api/v1 that a test fetches is checked against the document that server
 * serves: an answer that drifts from the document fails the test that caused it.
 */
export function checkApiAnswers() {
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const response = await plainFetch(input, init);
    const url = new URL(input instanceof Request ? input.url : input);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    if (url.pathname.startsWith('/api/v1/')) {
      const problems = await (await servedContract(url.origin)).problems(method, url.href, response);
      if (problems.length) throw new Error(`The answer does not match /api/v1/openapi.json:\n${problems.join('\n')}`);
    }
    return response;
  };
}

checkApiAnswers();
