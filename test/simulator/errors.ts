// Telnyx error bodies: { "errors": [ { code, title, detail, source? } ] }.

export interface TelnyxErrorObject {
  code: string;
  title: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string };
}

/** Thrown by handlers; the server turns it into a status and a Telnyx error body. */
export class SimProblem extends Error {
  constructor(
    readonly status: number,
    readonly error: TelnyxErrorObject,
  ) {
    super(`${status} ${error.code} ${error.title}`);
  }

  body(): { errors: TelnyxErrorObject[] } {
    return { errors: [this.error] };
  }
}

export const authenticationFailed = (): SimProblem =>
  new SimProblem(401, {
    code: '10009',
    title: 'Authentication failed',
    detail: 'Could not understand the provided credentials.',
  });

export const resourceNotFound = (detail = 'The requested resource or URL could not be found.'): SimProblem =>
  new SimProblem(404, { code: '10005', title: 'Resource not found', detail });

/** 400 or 422 for a query parameter Telnyx would refuse. */
export const invalidParameter = (status: 400 | 422, parameter: string, detail: string): SimProblem =>
  new SimProblem(status, {
    code: '10015',
    title: status === 400 ? 'Bad Request' : 'Invalid parameter',
    detail,
    source: { parameter },
  });

export const invalidConnectionForActiveCalls = (detail: string): SimProblem =>
  new SimProblem(422, { code: '10015', title: 'Invalid connection_id', detail, source: { pointer: '/connection_id' } });

export const invalidCallControlId = (): SimProblem =>
  new SimProblem(422, {
    code: '90015',
    title: 'Invalid Call Control ID',
    detail: 'The call_control_id provided was not valid.',
    source: { pointer: '/call_control_id' },
  });

export const rateLimited = (): { errors: TelnyxErrorObject[] } => ({
  errors: [
    {
      code: '10011',
      title: 'Too many requests',
      detail: 'You have exceeded the maximum number of allowed requests. Please wait and try again.',
    },
  ],
});

export const forbidden = (): { errors: TelnyxErrorObject[] } => ({
  errors: [
    {
      code: '10010',
      title: 'Authorization failed',
      detail: 'You do not have permission to perform the requested action.',
    },
  ],
});

export function serverErrorBody(status: number): { errors: TelnyxErrorObject[] } {
  const titles: Record<number, string> = {
    500: 'Unexpected error',
    502: 'Bad gateway',
    503: 'Service unavailable',
    504: 'Gateway timeout',
  };
  return {
    errors: [
      {
        code: '10007',
        title: titles[status] ?? 'Unexpected error',
        detail: 'An unexpected error occurred. Please try again later.',
      },
    ],
  };
}
