import { useEffect, useRef, useState } from 'react';
import type { PointerEvent } from 'react';
import { MAX_SIGNATURE_CHARS } from '../../src-shared/mutations/front-desk/signature-limits';

/**
 * The pad as a PNG data URL that fits the desk's cap: a dense scribble can exceed it at full
 * resolution, so the image is halved until it fits (a signature stays legible at 150×40).
 */
function signatureImage(pad: HTMLCanvasElement): string | undefined {
  let source = pad;
  for (let scale = 1; scale >= 0.25; scale /= 2) {
    const data = source.toDataURL('image/png');
    if (data.length <= MAX_SIGNATURE_CHARS) return data;
    const smaller = document.createElement('canvas');
    smaller.width = Math.round(pad.width * (scale / 2));
    smaller.height = Math.round(pad.height * (scale / 2));
    smaller.getContext('2d')?.drawImage(pad, 0, 0, smaller.width, smaller.height);
    source = smaller;
  }
  return undefined;
}

/**
 * On-screen signing: the waiver's text, a canvas to sign on with a finger, pen or mouse,
 * and the signature handed back as a PNG data URL (what `waiver.sign` stores).
 */
export function WaiverSigning(props: {
  readonly title: string;
  readonly body: string;
  readonly memberName: string;
  readonly onSign: (signature: string) => void;
  readonly onCancel: () => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [strokes, setStrokes] = useState(0);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.lineWidth = 2.5;
    context.lineCap = 'round';
    context.strokeStyle = '#111';
  }, []);

  const point = (event: PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) / box.width) * event.currentTarget.width,
      y: ((event.clientY - box.top) / box.height) * event.currentTarget.height,
    };
  };
  const clear = () => {
    const c = canvas.current;
    c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
    setStrokes(0);
  };

  return (
    <div className="waiver-signing" role="dialog" aria-label={`Sign ${props.title}`}>
      <h3>{props.title}</h3>
      <div className="waiver-body">{props.body}</div>
      <p>Signed by {props.memberName}:</p>
      <canvas
        ref={canvas}
        width={600}
        height={160}
        className="signature-pad"
        aria-label="Signature pad"
        onPointerDown={(e) => {
          drawing.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          const { x, y } = point(e);
          const context = e.currentTarget.getContext('2d');
          context?.beginPath();
          context?.moveTo(x, y);
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const { x, y } = point(e);
          const context = e.currentTarget.getContext('2d');
          context?.lineTo(x, y);
          context?.stroke();
        }}
        onPointerUp={() => {
          if (drawing.current) setStrokes((n) => n + 1);
          drawing.current = false;
        }}
      />
      <div className="row">
        <button type="button" onClick={clear}>
          Clear
        </button>
        <button
          type="button"
          disabled={strokes === 0}
          onClick={() => {
            const data = canvas.current ? signatureImage(canvas.current) : undefined;
            if (data) props.onSign(data);
          }}
        >
          Save signature
        </button>
        <button type="button" className="link" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
