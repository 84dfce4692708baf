// One-off codemod: rewrites `../`-relative imports that reach into another top-level source
// folder into the package's subpath imports (`#features/…`, `#db/…`, …). Run from the repo root.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = process.cwd();
const targets = {
  'src/features/': '#features/',
  'src/db/': '#db/',
  'src/i18n/': '#i18n/',
  'src/components/': '#components/',
  'src/layouts/': '#layouts/',
  'src/lib/': '#lib/',
  'src/config.ts': '#config',
};

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return /\.(ts|mts|astro|mjs)$/.test(name) ? [path] : [];
  });
}

let changed = 0;
for (const file of [...walk(join(root, 'src')), ...walk(join(root, 'tests')), ...walk(join(root, 'scripts'))]) {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(/(from\s+|import\s*\(\s*|import\s+)(['"])(\.\.\/[^'"]+)\2/g, (match, lead, quote, spec) => {
    const target = relative(root, resolve(dirname(file), spec)).replaceAll('\\', '/');
    for (const [prefix, alias] of Object.entries(targets)) {
      if (target === prefix || target.startsWith(prefix)) {
        // Inside the same top-level folder a short relative path stays (e.g. ../schema.ts).
        const own = relative(root, file).replaceAll('\\', '/');
        const sameFeature =
          prefix.endsWith('/') &&
          own.startsWith(prefix) &&
          own.slice(prefix.length).split('/')[0] === target.slice(prefix.length).split('/')[0] &&
          !spec.startsWith('../../');
        if (sameFeature) return match;
        return `${lead}${quote}${alias}${target.slice(prefix.length)}${quote}`;
      }
    }
    return match;
  });
  if (next !== text) {
    writeFileSync(file, next);
    changed++;
  }
}
console.log(`rewrote imports in ${changed} files`);
