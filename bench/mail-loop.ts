// The yardstick for the mail worker: nodemailer alone, with the transport options Tori uses
// (src/features/mail/transport.ts), sending N messages one after another into the sink.
// Usage: node bench/mail-loop.ts SMTP_URL N SAMPLE.json
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';

const [url, count, sample] = process.argv.slice(2);
const message = JSON.parse(readFileSync(sample!, 'utf8')) as { subject: string; text: string; html: string };
const transport = nodemailer.createTransport({ url, pool: true, maxConnections: 3 });
for (let i = 0; i < Number(count); i++) {
  await transport.sendMail({
    from: 'Tori <no-reply@localhost>',
    to: `reader-${i}@example.org`,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: `<bench-${i}-${Date.now()}@localhost>`,
    date: new Date(),
  });
}
transport.close();
