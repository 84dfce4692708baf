// Run first by `npm start` and `npm test`: with an older Node the real entry points die on the
// `.ts` extension with a stack trace. Plain, old JavaScript on purpose, so any Node can read it.
var major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    'Tori needs Node.js 24 or newer; this is ' +
      major +
      ' (' +
      process.version +
      '); ' +
      'get it with `nvm install 24` or from https://nodejs.org/en/download\n',
  );
  process.exit(1);
}
