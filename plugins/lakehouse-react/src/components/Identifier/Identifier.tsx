import { Fragment } from 'react';

/** A run of characters up to and including the separators that end it. */
const PIECES = /[^_./]*[_./]*/g;

/**
 * Properties of {@link Identifier}.
 *
 * @public
 */
export interface IdentifierProps {
  /** The name, path or address to show. */
  children: string;
}

/**
 * A name, path or address — `customer_order_stats`,
 * `s3://features/stats.parquet`, `ml-serving/customer-churn`, a URL — that
 * may wrap after its separators (`_`, `.`, `/`; browsers already wrap after
 * `-`). Backstage's tables break words anywhere once a column runs out of
 * room; these break opportunities come first, so a line ends between the
 * parts of a name rather than inside one.
 *
 * @public
 */
export const Identifier = ({ children }: IdentifierProps) => {
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
