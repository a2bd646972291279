/**
 * A GET through node:http, not fetch: fetch adds `Cache-Control: no-cache` to a request that
 * carries If-None-Match (the Fetch standard's rule for conditional requests), which asks every
 * cache on the way for a fresh answer, and it hides what a browser's own cache would send.
 */
import http from 'node:http';

export interface Got {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
}

export function httpGet(address: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    http
      .get(address, { headers }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
      })
      .on('error', reject);
  });
}
