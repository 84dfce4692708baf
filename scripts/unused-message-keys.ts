// Lists message keys of fi.ts (the model catalogue) that nothing under src/ names.
// A key built at run time (`audience.${a}`, 'signup.error.' + code) is never listed: every key
// under a prefix that some code completes at run time counts as used. Usage:
//   node scripts/unused-message-keys.ts
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const catalogue = readFileSync(join(root, 'src/i18n/messages/fi.ts'), 'utf8');
const keys = [...catalogue.matchAll(/^\s*'([a-zA-Z0-9_.-]+)':/gm)].map((m) => m[1]!);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return path.endsWith(join('i18n', 'messages')) ? [] : sources(path);
    return /\.(ts|mjs|astro)$/.test(name) ? [path] : [];
  });
}

const code = sources(join(root, 'src'))
  .map((path) => readFileSync(path, 'utf8'))
  .join('\n');
// Prefixes completed at run time: `prefix.${…}` in a template, or 'prefix.' + … in a sum.
const dynamic = [
  ...[...code.matchAll(/`([a-zA-Z0-9_.-]*\.)\$\{/g)].map((m) => m[1]!),
  ...[...code.matchAll(/['"]([a-zA-Z0-9_.-]*\.)['"]\s*\+/g)].map((m) => m[1]!),
];
const named = (key: string) => code.includes(`'${key}'`) || code.includes(`"${key}"`) || code.includes(`\`${key}\``);
const unused = keys.filter((key) => !named(key) && !dynamic.some((prefix) => key.startsWith(prefix)));
process.stdout.write(unused.map((key) => `${key}\n`).join(''));
