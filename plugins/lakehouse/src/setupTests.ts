import '@testing-library/jest-dom';

// jsdom lays nothing out, and CodeMirror measures text ranges to place the
// cursor: give ranges empty rectangles, as a hidden element would have.
if (typeof Range !== 'undefined' && !Range.prototype.getClientRects) {
  Range.prototype.getClientRects = () =>
    Object.assign([], { item: () => null }) as unknown as DOMRectList;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
}
