// The parts of OpenAPI 3.1 this API uses, typed just enough to catch a misplaced key; the tests
// check the served document against the official OpenAPI 3.1 schema.
export type JsonSchema = { [keyword: string]: unknown };
export interface Ref {
  $ref: string;
}

export interface Header {
  description?: string;
  schema: JsonSchema;
}
export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}
export interface MediaTypes {
  [contentType: string]: { schema: JsonSchema };
}
export interface ResponseObject {
  description: string;
  headers?: Record<string, Header>;
  content?: MediaTypes;
}

export interface Operation {
  operationId?: string;
  summary: string;
  description?: string;
  /** [] for a public route; absent: the document's default (bearer). */
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: MediaTypes };
  responses: Record<number, ResponseObject | Ref>;
}

export interface PathItem {
  parameters?: Parameter[];
  get?: Operation;
  post?: Operation;
  patch?: Operation;
  options?: Operation;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, PathItem>;
  components: {
    securitySchemes: Record<string, { type: 'http'; scheme: 'bearer'; description: string }>;
    schemas: Record<string, JsonSchema>;
    responses: Record<string, ResponseObject>;
  };
}
