import {
  layoutReceipt,
  type LayoutSegment,
  type PaperWidth,
} from '../../src-shared/receipts/receipt-layout';
import type { ReceiptDocument } from '../../src-shared/receipts/receipt-model';

/**
 * The receipt as the printer will print it: the shared layout drawn in a monospace box,
 * so staff see exactly what paper gets. Barcodes and QR codes show as labelled boxes.
 */
export function ReceiptPreview(props: {
  readonly document: ReceiptDocument;
  readonly width?: PaperWidth;
  readonly label?: string;
}) {
  const width = props.width ?? 42;
  const layout = layoutReceipt(props.document, width);
  return (
    <figure
      className="receipt"
      aria-label={props.label ?? 'Receipt preview'}
      style={{ width: `${width + 2}ch` }}
    >
      {layout.segments.map((segment, i) => (
        <Segment key={i} segment={segment} />
      ))}
    </figure>
  );
}

function Segment({ segment }: { readonly segment: LayoutSegment }) {
  switch (segment.kind) {
    case 'text':
      // Alignment by CSS, not by padding: a tall (double-height) line is wider per character.
      return (
        <div
          className={`receipt-line align-${segment.align}${segment.bold ? ' bold' : ''}${segment.tall ? ' tall' : ''}`}
        >
          {segment.text || ' '}
        </div>
      );
    case 'barcode':
      return <div className="receipt-code">▌▍▌▌▍ {segment.data} ▍▌▌▍▌</div>;
    case 'qr':
      return <div className="receipt-code">[QR {segment.data}]</div>;
    case 'cut':
      return <hr className="receipt-cut" />;
  }
}
