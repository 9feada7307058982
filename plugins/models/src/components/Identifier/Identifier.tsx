import { Fragment } from 'react';

/** A run of characters up to and including the separators that end it. */
const PIECES = /[^_./]*[_./]*/g;

/**
 * A name or address — `ml-serving/customer-churn`, `mlflow.note.content`,
 * a URL — that may wrap after its separators (`_`, `.`, `/`; browsers
 * already wrap after `-`). Backstage's tables break words anywhere once a
 * column runs out of room; these break opportunities come first, so a line
 * ends between the parts of a name rather than inside one.
 */
export const Identifier = ({ children }: { children: string }) => {
  const pieces = children.match(PIECES)?.filter(Boolean) ?? [];
  return (
    <>
      {pieces.map((piece, i) => (
        // The pieces of one name never move, so their position is their identity.
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {piece}
        </Fragment>
      ))}
    </>
  );
};
