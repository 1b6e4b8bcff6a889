/** The one JSON error shape every client error has, checked the same way in every test. */
import { expect } from 'vitest';

export interface ErrorBody { error: { status: number; code: string; message: string } & Record<string, unknown> }

/** Checks the status, the JSON type and the shape `{ error: { status, code, message, … } }`, and returns the error. */
export async function errorOf(res: Response, status: number, code: string): Promise<ErrorBody['error']> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json(;|$)/);
  const body = (await res.json()) as ErrorBody;
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toMatchObject({ status, code });
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}
