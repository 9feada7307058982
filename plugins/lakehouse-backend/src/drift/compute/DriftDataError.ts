/**
 * The compared data cannot give a drift report: a feature column missing on
 * one side, a column whose type cannot be the feature's kind, no rows, no
 * values. The message names the feature and the side.
 */
export class DriftDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DriftDataError';
  }
}
