import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { ErrorCode } from '../errors.js';
import { closestName } from '../suggest.js';

/**
 * One JSON Schema per file kind a user writes (`schemas/*.schema.json`, published with the
 * package for editors), checked with ajv for YAML files and JavaScript objects alike. A schema
 * says the shape; what it cannot say (known type names, regex safety, duplicate terms) is checked
 * by the loaders after it. Each schema may carry `x-errors`: the code and the wording of its
 * problems (see `SchemaProblem`), so that messages name the choices and the file kind.
 */

/** The file kinds with a schema. */
export type SchemaKind = 'gazetteer' | 'rules' | 'profile' | 'learn-options';

/** Where the schemas are: `schemas/` at the package root (next to `src/` and `dist/`). */
export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

/** The file name of a kind's schema in `schemas/` (what `# yaml-language-server: $schema=` names). */
export function schemaFile(kind: SchemaKind): string {
  return `${kind}.schema.json`;
}

/** A step into a value: a key of a mapping or an index of a list. */
export type PathSegment = string | number;

/** One problem the schema found, at a place in the value (`path`), as the loaders report it. */
export interface SchemaProblem {
  path: PathSegment[];
  /** `key`: the problem is the key at the end of `path` (an unknown key), not its value. */
  at: 'key' | 'value';
  code: ErrorCode;
  message: string;
}

type AjvInstance = import('ajv').default;
let ajv: AjvInstance | undefined;
const validators = new Map<SchemaKind, ValidateFunction>();

/** The schemas compiled, on first use: loading ajv and compiling costs ~40 ms, and a cached start never validates. */
function validator(kind: SchemaKind): ValidateFunction {
  let validate = validators.get(kind);
  if (validate) return validate;
  if (!ajv) {
    const Ajv = createRequire(import.meta.url)('ajv').default as typeof import('ajv').default;
    ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    ajv.addVocabulary(['x-errors']);
    for (const name of ['learn-options', 'gazetteer', 'rules', 'profile'] as const) {
      ajv.addSchema(inlineDefinitions(readSchema(name)), schemaFile(name));
    }
  }
  validate = ajv.getSchema(schemaFile(kind))!;
  validators.set(kind, validate);
  return validate;
}

/**
 * The schema with each reference to its own `definitions` replaced by the definition itself (none
 * is recursive). ajv compiles a reference to a function of its own whose errors are copied into
 * the caller's list, once per call: 64,000 bad entries took 226 s that way, against ~4 s inlined.
 */
function inlineDefinitions(schema: Record<string, unknown>): Record<string, unknown> {
  const definitions = (schema.definitions ?? {}) as Record<string, unknown>;
  const inline = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(inline);
    if (typeof node !== 'object' || node === null) return node;
    const { $ref: ref, ...rest } = node as Record<string, unknown>;
    const local = typeof ref === 'string' && ref.startsWith('#/definitions/') ? definitions[ref.slice('#/definitions/'.length)] : undefined;
    const out: Record<string, unknown> = {};
    if (local !== undefined) Object.assign(out, inline(local));
    else if (ref !== undefined) out.$ref = ref;
    for (const [key, value] of Object.entries(rest)) out[key] = key === 'definitions' ? value : inline(value);
    return out;
  };
  const inlined = inline(schema) as Record<string, unknown>;
  delete inlined.definitions;
  return inlined;
}

/** A kind's schema, as published. */
export function readSchema(kind: SchemaKind): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SCHEMAS_DIR, schemaFile(kind)), 'utf8')) as Record<string, unknown>;
}

/** Every problem the schema of `kind` finds in `value` (plain data: YAML already turned into values). */
export function schemaProblems(kind: SchemaKind, value: unknown): SchemaProblem[] {
  const validate = validator(kind);
  if (validate(value)) return [];
  const problems: SchemaProblem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = problemOf(error);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** A schema's own wording for its problems: a template, or a code and a template. */
type ErrorSpec = string | [ErrorCode, string];

interface SchemaNode {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, unknown>;
  'x-errors'?: Record<string, ErrorSpec>;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'null',
};

/** How a schema's `type` reads: `["string", "number", "array"]` → "a string or a list" (numbers pass as strings). */
function typeWords(type: string | string[] | undefined): string {
  const types = Array.isArray(type) ? type : type === undefined ? [] : [type];
  const shown = types.includes('string') ? types.filter((t) => t !== 'number') : types;
  return shown.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
}

/** A value as messages quote it: strings as they are, anything else as JSON. */
function shownValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}

function decodePath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The problem an ajv error stands for, in sertag's codes and words; undefined for errors that only echo others. */
function problemOf(error: ErrorObject): SchemaProblem | undefined {
  // `if`/`then` (a string `pos` checked as a tag) reports the inner error too: that one says it.
  if (error.keyword === 'if') return undefined;
  const schema = (error.parentSchema ?? {}) as SchemaNode;
  const own = schema['x-errors'] ?? {};
  const path = decodePath(error.instancePath);
  const last = path[path.length - 1];
  const isItem = last !== undefined && /^\d+$/.test(String(last));
  // The nearest key: the list an item is in, or the key whose value this is.
  const list = [...path].reverse().find((s) => !/^\d+$/.test(String(s)));
  const name = list === undefined ? 'the file' : `\`${String(list)}\``;
  const subject = isItem ? `each item of ${name}` : name;
  const keys = Object.keys(schema.properties ?? {});
  const vars: Record<string, string> = {
    list: String(list ?? ''),
    value: shownValue(error.data),
    keys: keys.map((k) => '`' + k + '`').join(', '),
    choices: (schema.enum ?? []).map(String).join(', '),
    either: (schema.enum ?? []).map(String).join(' or '),
    spaced: (schema.enum ?? []).map(String).join(' '),
  };
  const make = (fallback: ErrorCode, spec: ErrorSpec | undefined, defaultText: string, at: SchemaProblem['at'] = 'value', where = path): SchemaProblem => {
    const [code, template] = spec === undefined ? [fallback, defaultText] : typeof spec === 'string' ? [fallback, spec] : spec;
    return { path: where, at, code, message: template.replace(/\{(\w+)\}/g, (whole, v: string) => vars[v] ?? whole) };
  };
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      vars.key = key;
      const hint = closestName(key, keys);
      const problem = make('UNKNOWN_KEY', own.additionalProperties, 'unknown key `{key}`; it has {keys}', 'key', [...path, key]);
      if (hint !== undefined) problem.message += `; did you mean \`${hint}\`?`;
      return problem;
    }
    case 'required': {
      const key = String((error.params as { missingProperty: string }).missingProperty);
      vars.key = key;
      return make('WRONG_SHAPE', own[`required/${key}`], 'needs `{key}:`');
    }
    case 'type':
      if (error.data === null && own.null !== undefined) return make('WRONG_SHAPE', own.null, '');
      return make('WRONG_SHAPE', own.type, `${subject} must be ${typeWords(schema.type)}`);
    case 'enum':
      return make('BAD_VALUE', own.enum, `${subject} must be one of {choices}, not \`{value}\``);
    case 'minLength':
      return make('BAD_VALUE', own.minLength, `${subject} must not be empty`);
    case 'pattern':
      return make('BAD_VALUE', own.pattern, `${subject} \`{value}\` is not of the expected form`);
    default:
      return make('BAD_VALUE', own[error.keyword], `${subject} ${error.message ?? 'is not valid'}`);
  }
}

/**
 * The first line of a YAML file of `kind` written at `path` (absolute): a comment by which editors
 * with the YAML language server (VS Code's YAML extension, and others) find the schema, so they
 * complete keys and flag mistakes as the file is typed.
 */
export function schemaModeline(kind: SchemaKind, path: string): string {
  const schema = relative(dirname(path), join(SCHEMAS_DIR, schemaFile(kind))).split(sep).join('/');
  return `# yaml-language-server: $schema=${schema}`;
}

/** `yaml` with its schema line first (see `schemaModeline`), for writers of generated files. */
export function withSchemaModeline(kind: SchemaKind, path: string, yaml: string): string {
  return `${schemaModeline(kind, path)}\n${yaml}`;
}
