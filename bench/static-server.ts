// The yardstick: a bare node:http server handing out fixed bytes from memory, in a process of
// its own. Usage: node bench/static-server.ts PORT MANIFEST.json
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [port, manifest] = process.argv.slice(2);
const files = new Map<string, { body: Buffer; contentType: string }>();
for (const f of JSON.parse(readFileSync(manifest!, 'utf8')) as { path: string; file: string; contentType: string }[]) {
  files.set(f.path, { body: readFileSync(f.file), contentType: f.contentType });
}

http
  .createServer((req, res) => {
    const file = files.get(req.url ?? '');
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.body.length });
    res.end(file.body);
  })
  .listen(Number(port), '127.0.0.1');
