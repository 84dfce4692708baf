import QRCode from 'qrcode';
import { escapeHtml } from '#lib/html.ts';

/**
 * A QR code as inline SVG markup, drawn on the server: no script, no image request, and only
 * presentation attributes (fill, stroke), which the CSP's style-src does not govern.
 */
export async function qrSvg(text: string, label: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  // A named image for screen readers; the address itself is printed beside it.
  return svg
    .replace(/^<svg /, '<svg role="img" aria-labelledby="qr-title" class="qr" ')
    .replace(/(<svg[^>]*>)/, `$1<title id="qr-title">${escapeHtml(label)}</title>`);
}
