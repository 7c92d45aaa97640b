// JSON Schema validators for the spec's responses, in two strengths: the spec as written, and a
// stricter copy that requires the fields we rely on and forbids unknown properties on our core objects.
// Prism checks only the former, and the spec requires little, so this is where drift gets caught.
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SPEC_PATH } from './prism';

type JsonObject = Record<string, unknown>;

const asObject = (value: unknown, where: string): JsonObject => {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`spec: ${where} is not an object`);
  return value as JsonObject;
};

export function loadSpec(): JsonObject {
  return asObject(parse(readFileSync(SPEC_PATH, 'utf8')), 'document');
}

const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** The stricter copy: every change is a rule the simulator (and so the client's fixtures) must obey. */
export function strictCopy(spec: JsonObject): JsonObject {
  const copy = structuredClone(spec);
  const schemas = asObject(asObject(copy.components, 'components').schemas, 'schemas');
  const tighten = (name: string, required: string[], extra: (props: JsonObject) => void = () => {}): void => {
    const schema = asObject(schemas[name], name);
    schema.required = required;
    schema.additionalProperties = false;
    extra(asObject(schema.properties, `${name}.properties`));
  };
  tighten('Connection', ['id', 'record_type', 'active', 'created_at', 'updated_at', 'webhook_event_url'], (p) => {
    p.id = { type: 'string', pattern: '^[0-9]+$' };
    p.created_at = { type: 'string', format: 'date-time' };
    p.updated_at = { type: 'string', format: 'date-time' };
  });
  tighten(
    'ActiveCall',
    ['call_control_id', 'call_leg_id', 'call_session_id', 'client_state', 'record_type', 'call_duration'],
    (p) => {
      p.call_control_id = { type: 'string', pattern: '^v[23]:[A-Za-z0-9_=-]{20,}$' };
      p.call_leg_id = { type: 'string', pattern: UUID };
      p.call_session_id = { type: 'string', pattern: UUID };
      p.client_state = { type: 'string', pattern: '^[A-Za-z0-9+/]*={0,2}$' };
      p.call_duration = { type: 'integer', minimum: 0 };
    },
  );
  tighten(
    'Call',
    [
      'call_control_id',
      'call_leg_id',
      'call_session_id',
      'is_alive',
      'record_type',
      'client_state',
      'call_duration',
      'start_time',
    ],
    (p) => {
      p.call_control_id = { type: 'string', pattern: '^v[23]:[A-Za-z0-9_=-]{20,}$' };
      p.call_leg_id = { type: 'string', pattern: UUID };
      p.call_session_id = { type: 'string', pattern: UUID };
      p.start_time = { type: 'string', format: 'date-time' };
      p.end_time = { type: 'string', format: 'date-time' };
      p.call_duration = { type: 'integer', minimum: 0 };
    },
  );
  tighten(
    'CallEvent',
    ['record_type', 'call_leg_id', 'call_session_id', 'event_timestamp', 'name', 'type', 'metadata'],
    (p) => {
      // Microseconds are part of the contract: the timeline orders and filters on them.
      p.event_timestamp = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z$' };
      p.call_leg_id = { type: 'string', pattern: UUID };
      p.call_session_id = { type: 'string', pattern: UUID };
    },
  );
  tighten('PaginationMeta', ['page_number', 'page_size', 'total_pages', 'total_results']);
  tighten('CursorPaginationMeta', ['cursors', 'total_items'], (p) => {
    const cursors = asObject(p.cursors, 'cursors');
    cursors.additionalProperties = false;
    p.next = { type: 'string', pattern: '^/v2/connections/[^/]+/active_calls\\?page\\[after\\]=' };
    p.previous = { type: 'string', pattern: '^/v2/connections/[^/]+/active_calls\\?page\\[before\\]=' };
  });
  tighten('Error', ['code', 'title', 'detail'], (p) => {
    p.code = { type: 'string', pattern: '^[0-9]{5}$' };
    asObject(p.source, 'source').additionalProperties = false;
  });
  tighten('Errors', ['errors'], (p) => {
    asObject(p.errors, 'errors').minItems = 1;
  });
  // The list and single-object wrappers declared inline under paths.
  for (const [path, item] of Object.entries(asObject(copy.paths, 'paths'))) {
    const ok = asObject(
      asObject(asObject(asObject(item, path).get, `${path}.get`).responses, 'responses')['200'],
      `${path} 200`,
    );
    const wrapper = asObject(asObject(asObject(ok.content, 'content')['application/json'], 'json').schema, 'schema');
    const props = asObject(wrapper.properties, 'wrapper');
    wrapper.additionalProperties = false;
    wrapper.required = Object.keys(props);
  }
  return copy;
}

export type Endpoint = 'connections' | 'connection' | 'active_calls' | 'call_status' | 'call_events';

const PATHS: Record<Endpoint, string> = {
  connections: '/connections',
  connection: '/connections/{id}',
  active_calls: '/connections/{connection_id}/active_calls',
  call_status: '/calls/{call_control_id}',
  call_events: '/call_events',
};

export interface SpecValidator {
  /** Errors as text, or [] when the body fits the response declared for this endpoint and status. */
  check(endpoint: Endpoint, status: number, body: unknown): string[];
}

export function createValidator(document: JsonObject): SpecValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const id = 'https://contract.test/spec.json';
  ajv.addSchema({ $id: id, components: document.components, paths: document.paths });
  const cache = new Map<string, ValidateFunction>();
  const paths = asObject(document.paths, 'paths');
  const pointer = (...parts: string[]): string =>
    parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
  return {
    check(endpoint, status, body) {
      const responses = asObject(
        asObject(asObject(paths[PATHS[endpoint]], endpoint).get, 'get').responses,
        'responses',
      );
      const key = String(status) in responses ? String(status) : 'default' in responses ? 'default' : undefined;
      if (!key) return [`${endpoint}: status ${status} is not declared in the spec`];
      const cacheKey = `${endpoint} ${key}`;
      let validate = cache.get(cacheKey);
      if (!validate) {
        const response = asObject(responses[key], key);
        const ref = typeof response.$ref === 'string' ? response.$ref : undefined;
        const schemaRef = ref
          ? `${id}${ref}/content/application~1json/schema`
          : `${id}#/${pointer('paths', PATHS[endpoint], 'get', 'responses', key, 'content', 'application/json', 'schema')}`;
        validate = ajv.compile({ $ref: schemaRef });
        cache.set(cacheKey, validate);
      }
      if (validate(body)) return [];
      return (validate.errors ?? []).map(
        (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
      );
    },
  };
}
