/**
 * Starting the HTTP server for an app: resolves once it listens, rejects when it cannot (port in
 * use, no permission, bad address), so a server that cannot listen never says it is ready.
 * (Express 5's `app.listen` hands a listen error to its callback, which is easy to mistake for
 * success.)
 */
import { createServer, type Server } from 'node:http';
import type { Express } from 'express';

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
}

export class ListenError extends Error {
  constructor(readonly code: string | undefined, readonly host: string, readonly port: number, detail: string) {
    super(`cannot listen on ${host.includes(':') ? `[${host}]` : host}:${port}: ${detail}`);
  }
}

const REASONS: Record<string, string> = {
  EADDRINUSE: 'the port is in use (another server, or another segraph, listens there); choose another with --port or PORT',
  EACCES: 'permission denied (ports below 1024 need privileges); choose another with --port or PORT',
  EADDRNOTAVAIL: 'this machine has no such address; check --host or HOST',
  ENOTFOUND: 'no such host name; check --host or HOST',
};

export function listen(app: Express, options: ListenOptions): Promise<Server> {
  const server = createServer(app);
  return new Promise<Server>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(new ListenError(error.code, options.host, options.port, REASONS[error.code ?? ''] ?? error.message));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options.port, options.host);
  });
}
