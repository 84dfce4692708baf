// The suite runs under a zone far from Helsinki (npm test sets TZ): code that forgets
// the hub's zone must fail here, not in production.
if (process.env.TZ === undefined || process.env.TZ === 'Europe/Helsinki') {
  throw new Error('Run the tests through `npm test` (TZ must be set to a non-Helsinki zone).');
}
