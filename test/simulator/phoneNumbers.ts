// GET /v2/phone_numbers: the account's numbers, two on each Call Control or TeXML application and
// none elsewhere, derived from the connection's id so that every seed lists the same numbers for the
// same connection. Numbered pages like /connections; `filter[connection_id]` and
// `filter[phone_number]` as Telnyx documents them; any other filter is ignored, as Telnyx does.
import type { Account } from './account';
import type { JsonAnswer } from './handlers';
import type { SimConnection } from './model';
import type { Query } from './query';

interface SimPhoneNumber {
  id: string;
  record_type: 'phone_number';
  phone_number: string;
  status: 'active';
  connection_id: string;
  connection_name: string | null;
  tags: string[];
  created_at: string;
  updated_at: string;
}

function numbersOf(connection: SimConnection, createdAt: string): SimPhoneNumber[] {
  if (connection.kind !== 'call_control_application' && connection.kind !== 'texml_application') return [];
  const digits = connection.id.replace(/\D/g, '').padStart(7, '0').slice(-7);
  return [0, 1].map((n) => ({
    id: `${connection.id}${n}`,
    record_type: 'phone_number',
    // 555-01xx style numbers are reserved for fiction; the last digits come from the connection.
    phone_number: `+1312555${String((Number(digits) + n) % 10_000).padStart(4, '0')}`,
    status: 'active',
    connection_id: connection.id,
    connection_name: connection.name ?? null,
    tags: [],
    created_at: createdAt,
    updated_at: createdAt,
  }));
}

export function listPhoneNumbers(query: Query, account: Account): JsonAnswer {
  const pageNumber = query.int('page[number]', 1, Number.MAX_SAFE_INTEGER, 1, 400);
  const pageSize = query.int('page[size]', 1, 250, 20, 400);
  const createdAt = new Date(account.clock.now() - 30 * 86_400_000).toISOString();
  const filter = (name: 'filter[connection_id]' | 'filter[phone_number]'): string | undefined => query.get(name);
  let numbers = account.connections.flatMap((connection) => numbersOf(connection, createdAt));
  const connectionId = filter('filter[connection_id]');
  if (connectionId !== undefined) numbers = numbers.filter((n) => n.connection_id === connectionId);
  const number = filter('filter[phone_number]');
  if (number !== undefined) numbers = numbers.filter((n) => n.phone_number.includes(number.replace(/\D/g, '')));
  const start = (pageNumber - 1) * pageSize;
  return {
    status: 200,
    body: {
      data: numbers.slice(start, start + pageSize),
      meta: {
        page_number: pageNumber,
        page_size: pageSize,
        total_pages: Math.max(1, Math.ceil(numbers.length / pageSize)),
        total_results: numbers.length,
      },
    },
  };
}
