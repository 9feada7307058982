/**
 * What @xyflow/react needs from a browser that jsdom lacks, for tests:
 * element sizes (from inline styles, so nodes measure as wide as they are
 * drawn and the canvas as 1000 × 800), a ResizeObserver that reports what it observes,
 * and DOMMatrixReadOnly for the zoom level. Call once per test file.
 */
export function stubBrowserLayoutForXyflow() {
  const size = (value: string, whole: number) =>
    value.endsWith('%') ? whole : parseFloat(value) || 0;
  Object.defineProperties(HTMLElement.prototype, {
    offsetWidth: {
      configurable: true,
      get(this: HTMLElement) {
        return size(this.style.width, 1000);
      },
    },
    offsetHeight: {
      configurable: true,
      get(this: HTMLElement) {
        return size(this.style.height, 800);
      },
    },
  });

  // Like a browser's, it reports all elements observed in one task at once.
  class ReportingResizeObserver {
    private waiting: Element[] = [];
    constructor(private readonly callback: ResizeObserverCallback) {}
    observe(target: Element) {
      this.waiting.push(target);
      if (this.waiting.length > 1) return;
      setTimeout(() => {
        const targets = this.waiting;
        this.waiting = [];
        if (targets.length === 0) return;
        this.callback(
          targets.map(element => ({ target: element } as ResizeObserverEntry)),
          this as unknown as ResizeObserver,
        );
      });
    }
    unobserve() {}
    disconnect() {
      this.waiting = [];
    }
  }
  class ScaleMatrix {
    readonly m22: number;
    constructor(transform?: string) {
      const scale = /scale\(([\d.]+)\)/.exec(transform ?? '')?.[1];
      this.m22 = scale === undefined ? 1 : Number(scale);
    }
  }
  Object.assign(globalThis, {
    ResizeObserver: ReportingResizeObserver,
    DOMMatrixReadOnly: ScaleMatrix,
  });
  if (typeof SVGElement !== 'undefined') {
    Object.assign(SVGElement.prototype, {
      getBBox: () => ({ x: 0, y: 0, width: 0, height: 0 }),
    });
  }
}
