// In the server, Astro's own log lines (its error path, its warnings) as JSON lines like pino's, so that the
// server writes nothing else. JavaScript, not TypeScript: Astro loads it as it is.
// An error reaches Astro as its stack: only the first line (class and message) is kept, and a
// failed query's values ("params: …", a quoted value after a colon) are cut.
// Terminal colour codes (ESC [ … m) in Astro's messages.
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts a colour code
const COLOUR_CODES = /\u001b\[[0-9;]*m/g;
const LEVELS = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 100 };

export default function toriAstroLog(config = {}) {
  const threshold = LEVELS[config.level ?? process.env.LOG_LEVEL ?? 'info'] ?? 30;
  return {
    write(event) {
      // Only the server sets TORI_SERVICE: `astro build` and `astro dev` keep Astro's plain text.
      if (!process.env.TORI_SERVICE) {
        (event.level === 'error' ? console.error : console.info)(event.label ? `[${event.label}] ${event.message}` : event.message);
        return;
      }
      const level = LEVELS[event.level] ?? 30;
      if (level < threshold) return;
      const first =
        String(event.message ?? '')
          .replace(COLOUR_CODES, '')
          .split(/\r?\n/)[0] ?? '';
      const msg = first
        .split(/\sparams:/)[0]
        .replace(/: "[^"]*"/g, ': "…"')
        .slice(0, 300);
      const line = JSON.stringify({ level, time: Date.now(), service: process.env.TORI_SERVICE, label: event.label ?? 'astro', msg });
      (level >= 50 ? process.stderr : process.stdout).write(`${line}\n`);
    },
  };
}
