// A minimal LSP client, for the benchmark and test/lsp.test.ts: JSON-RPC with Content-Length
// framing over a child's stdio, requests by id, notifications awaited by predicate.
import { spawn } from 'node:child_process';

export class LspClient {
  /** Starts `node <bin> lsp` in `cwd`. */
  static start(bin, cwd) {
    return new LspClient(spawn(process.execPath, [bin, 'lsp'], { cwd, stdio: ['pipe', 'pipe', 'inherit'] }));
  }

  /** Speaks to a language server already started as `child`. */
  constructor(child) {
    this.child = child;
    this.buffer = Buffer.alloc(0);
    this.nextId = 1;
    this.pending = new Map();
    this.notifications = [];
    this.waiters = [];
    this.child.stdout.on('data', (chunk) => this.receive(chunk));
  }

  receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      // The arrival time is taken before anything else is done with the message.
      this.dispatch(JSON.parse(body), process.hrtime.bigint());
    }
  }

  dispatch(message, at) {
    if (message.id !== undefined && message.method === undefined) {
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
      return;
    }
    if (message.id !== undefined) {
      this.send({ id: message.id, result: null }); // server-to-client requests (registrations): accepted
      return;
    }
    const received = { ...message, at };
    const waiter = this.waiters.find((w) => w.test(received));
    if (waiter) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(received);
    } else this.notifications.push(received);
  }

  send(message) {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  /**
   * @template T
   * @param {string} method
   * @param {unknown} params
   * @returns {Promise<T>}
   */
  request(method, params) {
    const id = this.nextId++;
    this.send({ id, method, params });
    return new Promise((resolve, reject) =>
      this.pending.set(id, (m) => (m.error ? reject(new Error(JSON.stringify(m.error))) : resolve(m.result))),
    );
  }

  notify(method, params) {
    this.send({ method, params });
  }

  /** The next notification that passes `test` (one that already arrived counts), with its arrival time `at`. */
  next(test) {
    const index = this.notifications.findIndex(test);
    if (index >= 0) return Promise.resolve(this.notifications.splice(index, 1)[0]);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /**
   * The next diagnostics published for `uri` (of that document `version`, when given), with their arrival time.
   * @param {string} uri
   * @param {number} [version]
   * @returns {Promise<{ params: import('vscode-languageserver/node').PublishDiagnosticsParams; at: bigint }>}
   */
  diagnostics(uri, version) {
    return this.next(
      (m) =>
        m.method === 'textDocument/publishDiagnostics' &&
        m.params.uri === uri &&
        (version === undefined || m.params.version === version),
    );
  }

  async close() {
    await this.request('shutdown', null);
    const exited = new Promise((resolve) => this.child.on('exit', resolve));
    this.notify('exit', null);
    await exited;
  }
}
