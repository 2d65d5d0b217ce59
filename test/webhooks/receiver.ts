import { createServer, type IncomingMessage, type Server } from 'node:http';
import { verifySignature } from '../../server/webhooks/webhook.signature.ts';

export interface Received { headers: IncomingMessage['headers']; body: string; verified: boolean }

/** A real HTTP receiver on loopback that checks every signature with the endpoint's secret. */
export class Receiver {
  server!: Server;
  url = '';
  secret = '';
  received: Received[] = [];
  /** Status codes to answer, in order; then 200. */
  plan: number[] = [];

  async start() {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const verified = verifySignature(this.secret, body, req.headers['vigia-signature'] as string).ok;
        this.received.push({ headers: req.headers, body, verified });
        res.statusCode = this.plan.shift() ?? 200;
        res.end('ok');
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/hooks/vigia`;
  }

  stop() {
    return new Promise((r) => this.server.close(r));
  }
}
