import { DOCUMENT_FORMATS } from './protocol.js';

/** The most documents one JSON request may carry (larger corpora: NDJSON, which is streamed). */
export const MAX_TEXTS = 10_000;

const ID = { type: ['string', 'number'], description: 'Returned as given; by default `request#N`, N counting documents from 1.' } as const;

/** The JSON body of `POST /v1/tag`, checked by Fastify before the handler runs. */
export const TAG_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    text: { type: 'string', description: 'One document of running text.' },
    id: ID,
    texts: {
      type: 'array',
      maxItems: MAX_TEXTS,
      description: 'Several documents: strings, or {"id", "text"} objects.',
      items: {
        anyOf: [
          { type: 'string' },
          { type: 'object', additionalProperties: false, required: ['text'], properties: { id: ID, text: { type: 'string' } } },
        ],
      },
    },
    explain: { type: 'boolean', description: 'Add a readable `why` to each entity (as `sertag tag --explain --format jsonl`).' },
    markdown: { type: 'boolean', description: "Peel Markdown syntax before tagging (as `sertag tag --markdown` / `--no-markdown`); default: the profile's setting, on for the bundled profiles." },
    format: { enum: DOCUMENT_FORMATS, description: 'Answer each document as `sertag tag --format` this (default jsonl).' },
    profile: { type: 'string', maxLength: 200, description: 'A profile name from GET /v1/profiles (names only, never paths).' },
    types: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 200 }, description: 'Emit only these entity types.' },
  },
} as const;

const SOURCE = {
  oneOf: [
    {
      type: 'object',
      required: ['kind', 'file', 'line', 'entry'],
      properties: { kind: { const: 'gazetteer' }, file: { type: 'string' }, line: { type: 'integer' }, entry: { type: 'string' } },
    },
    {
      type: 'object',
      required: ['kind', 'file', 'line', 'rule'],
      properties: { kind: { const: 'rule' }, file: { type: 'string' }, line: { type: 'integer' }, rule: { type: 'string' }, detail: { type: 'string' } },
    },
  ],
};

const DOCUMENT = {
  type: 'object',
  description: 'One line of `sertag tag --format jsonl` (offsets in code points, as Python counts them); other formats answer as `sertag tag --format` them.',
  required: ['id', 'text', 'entities'],
  properties: {
    id: { type: ['string', 'number'] },
    text: { type: 'string' },
    entities: {
      type: 'array',
      items: {
        type: 'object',
        required: ['start', 'end', 'type', 'text', 'source'],
        properties: {
          start: { type: 'integer', description: 'Offset of the first character in code points, half-open range.' },
          end: { type: 'integer' },
          type: { type: 'string' },
          text: { type: 'string' },
          source: SOURCE,
          why: { type: 'string', description: 'With `explain`.' },
        },
      },
    },
  },
};

const ERROR = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
};

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}

/** The OpenAPI 3.1 description served at `/v1/openapi.json`. */
export function openApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'sertag', version, description: 'Tags software entities (the twelve WikiSER types) in English text.' },
    paths: {
      '/v1/tag': {
        post: {
          summary: 'Tag one text, several, or an NDJSON stream of {"id","text"} records',
          parameters: [
            { name: 'explain', in: 'query', schema: { type: 'boolean' }, description: 'For NDJSON bodies (JSON bodies say it in the body).' },
            { name: 'markdown', in: 'query', schema: { type: 'boolean' }, description: 'For NDJSON and text/plain bodies: peel Markdown or not (default: the profile\'s setting).' },
            { name: 'profile', in: 'query', schema: { type: 'string' }, description: 'For NDJSON bodies.' },
            { name: 'types', in: 'query', schema: { type: 'string' }, description: 'For NDJSON and text/plain bodies: comma-separated types.' },
            { name: 'format', in: 'query', schema: { enum: DOCUMENT_FORMATS }, description: 'For NDJSON and text/plain bodies.' },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/TagRequest' } },
              'application/x-ndjson': { schema: { type: 'string' }, description: 'One {"id","text"} object per line; answered line by line, in order, as it is tagged.' },
              'text/plain': { schema: { type: 'string' }, description: 'One document (UTF-8), answered as {"text": …} is; options in the query string.' },
            },
          },
          responses: {
            '200': {
              description: '`text`: one document; `texts`: {"documents": […]}; NDJSON: one document per line (a bad line ends the stream with an {"error"} line).',
              content: {
                'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/Document' }, { type: 'object', properties: { documents: { type: 'array', items: { $ref: '#/components/schemas/Document' } } } }] } },
                'application/x-ndjson': { schema: { type: 'string' } },
              },
            },
            '400': errorResponse('Malformed JSON, invalid UTF-8, a body of the wrong shape, an unknown profile or type'),
            '413': errorResponse('The body, or one document, is larger than the server accepts (BODY_TOO_LARGE, DOCUMENT_TOO_LARGE)'),
            '415': errorResponse('Not application/json, application/x-ndjson or text/plain'),
            '503': errorResponse('Busy, over the time limit, or shutting down: retry after `Retry-After` seconds'),
          },
        },
      },
      '/v1/health': { get: { summary: 'Whether the server is up, and how loaded', responses: { '200': { description: 'Up' }, '503': errorResponse('Shutting down') } } },
      '/v1/profiles': { get: { summary: 'The profiles served: name, description, types, and each source file with its content hash', responses: { '200': { description: 'The profiles' } } } },
      '/v1/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
    },
    components: { schemas: { TagRequest: TAG_BODY_SCHEMA, Document: DOCUMENT, Error: ERROR } },
  };
}
