/**
 * `@mahnwerk/portal/node`: the portal in a Node HTTP server — standalone ({@link servePortal}) or
 * as a request listener for an existing `http.createServer` / Express / Fastify route
 * ({@link portalRequestListener}).
 *
 * @packageDocumentation
 */
import { getRequestListener, serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Portal } from './portal.js';

/** Options of {@link servePortal}. */
export interface ServePortalOptions {
  /** Port to listen on (default 8787; 0 picks a free one). */
  readonly port?: number;
  /** Address to listen on (default `127.0.0.1`; put a TLS-terminating proxy in front for the public). */
  readonly hostname?: string;
}

/** A running portal server. */
export interface PortalServer {
  /** The address it listens on, e.g. `http://127.0.0.1:8787`. */
  readonly url: string;
  /** Stops accepting connections and resolves when the server is closed. */
  close(): Promise<void>;
}

/**
 * Serves the portal over HTTP with `@hono/node-server`; the rate limiter sees each client's socket address.
 *
 * @param portal - the portal
 * @param options - port and address
 * @returns the server, once it listens
 */
export function servePortal(portal: Pick<Portal, 'fetch'>, options: ServePortalOptions = {}): Promise<PortalServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: portal.fetch, port: options.port ?? 8787, hostname }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
    server.once('error', reject);
  });
}

/**
 * The portal as a Node request listener, to mount in an existing server (e.g. `server.on('request', …)`
 * for a path prefix, with `basePath` set to that prefix).
 *
 * @param portal - the portal
 * @returns a `(req, res)` listener
 */
export function portalRequestListener(portal: Pick<Portal, 'fetch'>): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return getRequestListener(portal.fetch) as unknown as (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}
