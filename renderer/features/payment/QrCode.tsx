import type { PayQr } from '../../../preload/contract/index.js';

/** The ОПЛАТИ QR as main encoded it (rows of '1' dark modules), drawn as one SVG path with the quiet zone. */
export function QrCode({ qr, size, testId }: { readonly qr: PayQr; readonly size: number; readonly testId: string }) {
  const n = qr.modules.length;
  const quiet = 4;
  let d = '';
  qr.modules.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) if (row[x] === '1') d += `M${x + quiet} ${y + quiet}h1v1h-1z`;
  });
  return (
    <svg
      className="pay-qr"
      width={size}
      height={size}
      viewBox={`0 0 ${n + quiet * 2} ${n + quiet * 2}`}
      shapeRendering="crispEdges"
      role="img"
      aria-label={qr.payload}
      data-testid={testId}
    >
      <rect width="100%" height="100%" fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
