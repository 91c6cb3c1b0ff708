import http from 'node:http';

/** One server-sent event, or a comment line (`: heartbeat`). */
export interface StreamEvent {
  readonly event?: string;
  readonly data?: string;
  readonly comment?: string;
}

/**
 * Reads a text/event-stream over real HTTP, as a desk does, and hands out its events one by
 * one. node:http rather than fetch: undici opens a spare connection that would hold up the
 * server's close() for its keep-alive time.
 */
export class EventStreamReader {
  private buffer = '';
  private readonly queue: StreamEvent[] = [];
  private wake: (() => void) | undefined;
  private ended = false;

  private constructor(
    private readonly request: http.ClientRequest,
    readonly status: number,
    readonly contentType: string | undefined,
    response: http.IncomingMessage,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.split();
      this.wake?.();
    });
    const end = () => {
      this.ended = true;
      this.wake?.();
    };
    response.on('end', end);
    response.on('error', end);
  }

  static open(url: string, token: string): Promise<EventStreamReader> {
    return new Promise((resolve, reject) => {
      const request = http.get(
        url,
        { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } },
        (response) => {
          resolve(
            new EventStreamReader(
              request,
              response.statusCode ?? 0,
              response.headers['content-type'],
              response,
            ),
          );
        },
      );
      request.on('error', reject);
    });
  }

  /** The next event matching `accept`, skipping others; rejects after `timeoutMs`. */
  async next(accept: (event: StreamEvent) => boolean, timeoutMs = 5_000): Promise<StreamEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = this.queue.shift();
      if (event) {
        if (accept(event)) return event;
        continue;
      }
      if (this.ended) throw new Error('the stream ended');
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('no matching event before the timeout');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private split(): void {
    let end = this.buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event: { event?: string; data?: string; comment?: string } = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) event.comment = line.slice(1).trim();
        else if (line.startsWith('event:')) event.event = line.slice(6).trim();
        else if (line.startsWith('data:')) event.data = line.slice(5).trim();
      }
      this.queue.push(event);
      end = this.buffer.indexOf('\n\n');
    }
  }

  close(): void {
    this.request.destroy();
  }
}

export interface HttpJsonResponse {
  readonly status: number;
  readonly json: unknown;
}

/** One request on its own connection, closed after: nothing lingers to delay a close(). */
export function httpJson(
  method: 'GET' | 'POST',
  url: string,
  options: { token?: string; body?: unknown } = {},
): Promise<HttpJsonResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { connection: 'close' };
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const request = http.request(url, { method, headers, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, json: JSON.parse(text) });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(payload);
  });
}
