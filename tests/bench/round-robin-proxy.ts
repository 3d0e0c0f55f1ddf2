import { Agent, createServer, request, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * A round-robin HTTP proxy on loopback, the smallest stand-in for a load balancer: each
 * request goes to the next upstream in turn, method, path, headers and body passed through,
 * the client's address appended to X-Forwarded-For. Run on its own
 * (`node --import tsx round-robin-proxy.ts <port> <upstream>…`, it prints `listening <port>`)
 * so its CPU time is measured apart from the load generator's.
 */
export function startRoundRobinProxy(upstreams: string[], port = 0): Promise<Server> {
  const targets = upstreams.map((u) => new URL(u));
  // Kept-alive upstream connections, as a real balancer keeps them.
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let next = 0;
  const server = createServer(async (req, res) => {
    const target = targets[next % targets.length] as URL;
    next += 1;
    const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress]
      .filter(Boolean)
      .join(', ');
    // Bodies here are small JSON or Cypher: kept whole so a request can be sent again.
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      res.destroy();
      return;
    }
    const body = Buffer.concat(chunks);
    const send = (retry: boolean) => {
      const upstream = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, 'x-forwarded-for': forwardedFor },
          agent,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        // An idle kept-alive connection the app closed just as it was reused: send again
        // on a fresh one, as balancers do.
        if (retry && upstream.reusedSocket && error.code === 'ECONNRESET') return send(false);
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"BAD_GATEWAY","message":"the upstream did not answer"}}');
      });
      upstream.end(body);
    };
    send(true);
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, '127.0.0.1');
  return once(server, 'listening').then(() => server);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [port = '0', ...upstreams] = process.argv.slice(2);
  const server = await startRoundRobinProxy(upstreams, Number(port));
  console.log(`listening ${(server.address() as AddressInfo).port}`);
  process.on('SIGTERM', () => process.exit(0));
}
