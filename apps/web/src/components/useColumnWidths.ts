import { useCallback, useState, type KeyboardEvent, type PointerEvent } from "react";

const MIN_WIDTH = 60;
const MAX_WIDTH = 1200;
const KEY_STEP = 20;

const clamp = (width: number) => Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width)));

/** The width its header cell has on screen (an automatic width may have grown to fill the table). */
const shownWidth = (handle: HTMLElement, fallback: number) => handle.parentElement?.getBoundingClientRect().width ?? fallback;

/**
 * Widths a user gave columns by dragging (or arrow keys on) a header's edge; columns left alone
 * keep their automatic width. A double click or Home hands a column back to the automatic width.
 */
export function useColumnWidths() {
  const [widths, setWidths] = useState<Record<string, number>>({});
  const setWidth = useCallback(
    (name: string, width: number | undefined) =>
      setWidths(({ [name]: _old, ...rest }) => (width === undefined ? rest : { ...rest, [name]: clamp(width) })),
    [],
  );

  /** Props for a header edge that resizes `name`, whose width on screen is `current`. */
  const handleProps = (name: string, current: number) => ({
    role: "separator" as const,
    "aria-orientation": "vertical" as const,
    "aria-label": `Resize column ${name}`,
    "aria-valuenow": current,
    "aria-valuemin": MIN_WIDTH,
    "aria-valuemax": MAX_WIDTH,
    tabIndex: 0,
    onPointerDown: (e: PointerEvent<HTMLElement>) => {
      e.preventDefault();
      e.stopPropagation();
      const handle = e.currentTarget;
      const startX = e.clientX;
      const startWidth = shownWidth(handle, current);
      handle.setPointerCapture(e.pointerId);
      const move = (m: globalThis.PointerEvent) => setWidth(name, startWidth + m.clientX - startX);
      const up = () => {
        handle.removeEventListener("pointermove", move);
        handle.removeEventListener("pointerup", up);
        handle.removeEventListener("pointercancel", up);
      };
      handle.addEventListener("pointermove", move);
      handle.addEventListener("pointerup", up);
      handle.addEventListener("pointercancel", up);
    },
    onDoubleClick: () => setWidth(name, undefined),
    onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
      const step = e.key === "ArrowRight" ? KEY_STEP : e.key === "ArrowLeft" ? -KEY_STEP : 0;
      if (step) setWidth(name, shownWidth(e.currentTarget, current) + step);
      else if (e.key === "Home") setWidth(name, undefined);
      else return;
      e.preventDefault();
    },
  });

  return { widths, handleProps };
}
