import { qrSvgPath } from "@/lib/rsvp/qr";

const QUIET_ZONE = 4;

/** A QR code drawn as inline SVG: black on white in every colour scheme, so scanners and printers read it. */
export function QrCodeSvg({ value, label, className }: { value: string; label: string; className?: string }) {
  const { size, path } = qrSvgPath(value);
  const total = size + QUIET_ZONE * 2;
  return (
    <svg
      viewBox={`${-QUIET_ZONE} ${-QUIET_ZONE} ${total} ${total}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
      className={className}
    >
      <rect x={-QUIET_ZONE} y={-QUIET_ZONE} width={total} height={total} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
