// What the embedded database costs by itself: PGlite opened on a data folder in a bare Node
// process, one query, then the process's resident memory. Usage: node bench/pglite-alone.ts DIR
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

const rss = () => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
const before = rss();
const db = await PGlite.create(process.argv[2]);
await db.query('SELECT count(*) FROM events');
const after = rss();
await db.close();
console.log(`node=${before.toFixed(1)} rss=${after.toFixed(1)}`);
