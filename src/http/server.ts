/**
 * The HTTP server around the app: `listen()` makes it (with the request-head size limit) and
 * answers what Node refuses before the app ever sees a request — a request head over the limit,
 * a request that is not HTTP, a head that takes too long — with our JSON error instead of Node's
 * bare status line and a reset. Used by `segraph serve` and by the tests.
 */
import { createServer, STATUS_CODES, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { HttpError } from './errors.js';
import { SECURITY_HEADERS } from './security.js';
import { DEFAULT_LIMITS } from './config.js';

/** Node's default: the request line and header fields together, in bytes. */
const DEFAULT_MAX_HEADER_SIZE = DEFAULT_LIMITS.maxHeaderBytes;

export interface ListenOptions {
  readonly port: number;
  readonly host: string;
  /** The request line and header fields together, in bytes (default 16 KiB). */
  readonly maxHeaderSize?: number;
}

export class ListenError extends Error {
  constructor(readonly code: string | undefined, readonly host: string, readonly port: number, detail: string) {
    super(`cannot listen on ${host.includes(':') ? `[${host}]` : host}:${port}: ${detail}`);
  }
}

const LISTEN_REASONS: Record<string, string> = {
  EADDRINUSE: 'the port is in use (another server, or another segraph, listens there); choose another with --port or PORT',
  EACCES: 'permission denied (ports below 1024 need privileges); choose another with --port or PORT',
  EADDRNOTAVAIL: 'this machine has no such address; check --host or HOST',
  ENOTFOUND: 'no such host name; check --host or HOST',
};

/**
 * Makes the server, hardens it and listens; resolves once it does, and rejects with a
 * ListenError when it cannot (port in use, no permission, bad address), so a server that cannot
 * listen never says it is ready. (Express 5's `app.listen` hands a listen error to its callback,
 * which is easy to mistake for success.)
 */
export function listen(app: RequestListener, options: ListenOptions): Promise<Server> {
  const maxHeaderSize = options.maxHeaderSize ?? DEFAULT_MAX_HEADER_SIZE;
  const server = createServer({ maxHeaderSize }, app);
  hardenServer(server, maxHeaderSize);
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(new ListenError(error.code, options.host, options.port, LISTEN_REASONS[error.code ?? ''] ?? error.message));
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

/**
 * Like `listen`, for an app that needs the address the server listens on (its default public URL
 * has the port, which the system chooses for port 0): listens, then makes the app from the
 * address. The app is made in the turn of the event loop in which listening is reported, before
 * any connection can be read, so no request meets the server without it (were one to, it would
 * get a 503). If making the app throws, the server is closed.
 */
export async function listenWith(appFor: (address: AddressInfo) => RequestListener, options: ListenOptions): Promise<Server> {
  let app: RequestListener | undefined;
  const server = await listen((req, res) => {
    if (app) return app(req, res);
    res.writeHead(503, { 'Retry-After': '1', 'Cache-Control': 'no-store' }).end();
  }, options);
  try {
    app = appFor(server.address() as AddressInfo);
  } catch (error) {
    server.close();
    throw error;
  }
  return server;
}

type ParseError = NodeJS.ErrnoException & { readonly rawPacket?: Buffer };

/**
 * A method token, a space and the start of a request target (a path, `*`, or a scheme or host
 * and a colon): the start of a request line, and not the tail of one (`…xyz HTTP/1.1`).
 */
const REQUEST_LINE_START = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+ (?:[/*]|[A-Za-z][A-Za-z0-9+.-]*:)/;
/** The end of a request line: the protocol version. */
const REQUEST_LINE_END = / HTTP\/\d(\.\d)?\r?$/;

/**
 * Whether the request line alone is over the limit. Node counts the request line and the header
 * fields together and reports only the packet it failed on; that packet, with the bytes read on
 * the connection before it, tells when it holds the start or the end of the request line.
 */
function requestLineTooLong(packet: string, bytesRead: number | undefined, maxHeaderSize: number): boolean {
  const lineEnd = packet.indexOf('\n');
  if (REQUEST_LINE_START.test(packet)) return lineEnd < 0 || lineEnd >= maxHeaderSize;
  if (lineEnd < 0 || bytesRead === undefined || !REQUEST_LINE_END.test(packet.slice(0, lineEnd))) return false;
  return bytesRead - Buffer.byteLength(packet, 'latin1') + lineEnd >= maxHeaderSize;
}

/** The error to answer a request Node's parser refused with; `bytesRead` on the connection so far. */
export function clientErrorOf(error: ParseError, maxHeaderSize: number, bytesRead?: number): HttpError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW': {
      const details = { limit: maxHeaderSize };
      if (requestLineTooLong(error.rawPacket?.toString('latin1') ?? '', bytesRead, maxHeaderSize)) {
        return new HttpError('uri_too_long', `The URL is longer than the ${maxHeaderSize}-byte limit on the request line and header fields; send a long query in a POST body.`, details);
      }
      return new HttpError('request_header_too_large', `The request line and header fields are larger than the ${maxHeaderSize}-byte limit.`, details);
    }
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new HttpError('request_timeout', 'The request was not received in time.');
    default:
      return new HttpError('malformed_request', `The request is not valid HTTP/1.1 (${error.code ?? 'unreadable'}).`);
  }
}

/** The bytes of a complete HTTP/1.1 answer carrying `error`, closing the connection. */
export function rawErrorResponse(error: HttpError): string {
  const body = `${JSON.stringify({ error: { status: error.status, code: error.code, message: error.message, ...error.details } }, null, 2)}\n`;
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    Connection: 'close',
    ...SECURITY_HEADERS,
    ...error.headers,
  };
  const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}\r\n${head}\r\n${body}`;
}

/**
 * Answers Node's `clientError`s with our JSON error: once per connection, only while the socket
 * is open and no answer has started on it; then closes our side and keeps reading (and dropping)
 * what the client still sends for a moment, so that it reads the answer instead of a reset.
 */
export function hardenServer(server: Server, maxHeaderSize = DEFAULT_MAX_HEADER_SIZE): void {
  const answered = new WeakSet<Duplex>();
  server.on('clientError', (error: ParseError, socket: Duplex) => {
    if (answered.has(socket)) return; // the parser reports again on the rest of the data
    answered.add(socket);
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    socket.end(rawErrorResponse(clientErrorOf(error, maxHeaderSize, (socket as Duplex & { bytesRead?: number }).bytesRead)));
    setTimeout(() => socket.destroy(), 2000).unref();
  });
}
