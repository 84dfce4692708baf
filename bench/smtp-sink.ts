// A local SMTP server that accepts every message, reads it whole and forgets it, telling its
// parent the size of each one over IPC. Usage: node bench/smtp-sink.ts PORT
import { SMTPServer } from 'smtp-server';

const port = Number(process.argv[2]);
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, _session, callback) {
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    stream.on('end', () => {
      process.send?.({ bytes });
      callback();
    });
  },
});
server.listen(port, '127.0.0.1', () => process.send?.('ready'));
process.on('disconnect', () => server.close(() => process.exit(0)));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
