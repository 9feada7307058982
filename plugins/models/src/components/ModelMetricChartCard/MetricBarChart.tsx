import { makeStyles } from '@material-ui/core';
import { formatMetric } from '../../models';

/** One bar: a version and its value of the metric. */
export interface MetricBar {
  version: string;
  value: number;
  /** Aliases of the version, shown under its label. */
  aliases?: string[];
}

const useStyles = makeStyles(theme => ({
  bar: { fill: theme.palette.primary.main },
  aliased: { fill: theme.palette.secondary.main },
  axis: { stroke: theme.palette.divider, strokeWidth: 1 },
  label: {
    fill: theme.palette.text.secondary,
    fontSize: 12,
    fontFamily: theme.typography.fontFamily,
  },
  value: {
    fill: theme.palette.text.primary,
    fontSize: 12,
    fontFamily: theme.typography.fontFamily,
  },
}));

const HEIGHT = 220;
const TOP = 24;
const BOTTOM = 40;
const SIDE = 16;
const SLOT = 64;
const BAR = 36;

/**
 * Scales values so zero sits on the baseline and bars of negative values
 * (an R² below zero, say) hang below it.
 */
function scale(values: number[]) {
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  const plot = HEIGHT - TOP - BOTTOM;
  const y = (v: number) => TOP + ((max - v) / span) * plot;
  return { y, zero: y(0) };
}

/**
 * A bar per version for one metric, drawn in SVG. Screen readers get the
 * figures from the image's label; each bar carries its own title, shown on
 * hover.
 */
export const MetricBarChart = ({
  metric,
  bars,
}: {
  metric: string;
  bars: MetricBar[];
}) => {
  const classes = useStyles();
  const width = Math.max(320, SIDE * 2 + bars.length * SLOT);
  const { y, zero } = scale(bars.map(b => b.value));
  const label = `${metric} by model version: ${bars
    .map(b => `version ${b.version} ${formatMetric(b.value)}`)
    .join(', ')}`;

  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${HEIGHT}`}
      width="100%"
      style={{ maxWidth: width, display: 'block' }}
    >
      <line
        className={classes.axis}
        x1={SIDE}
        x2={width - SIDE}
        y1={zero}
        y2={zero}
      />
      {bars.map((bar, i) => {
        const x = SIDE + i * SLOT + (SLOT - BAR) / 2;
        const top = Math.min(y(bar.value), zero);
        const height = Math.max(Math.abs(zero - y(bar.value)), 1);
        const center = x + BAR / 2;
        return (
          <g key={bar.version} data-version={bar.version}>
            <rect
              className={bar.aliases?.length ? classes.aliased : classes.bar}
              x={x}
              y={top}
              width={BAR}
              height={height}
            >
              <title>{`Version ${bar.version}: ${metric} ${formatMetric(
                bar.value,
              )}`}</title>
            </rect>
            <text
              className={classes.value}
              x={center}
              y={bar.value >= 0 ? top - 6 : top + height + 14}
              textAnchor="middle"
            >
              {formatMetric(bar.value)}
            </text>
            <text
              className={classes.label}
              x={center}
              y={HEIGHT - BOTTOM + 18}
              textAnchor="middle"
            >
              {`v${bar.version}`}
            </text>
            {bar.aliases?.length ? (
              <text
                className={classes.label}
                x={center}
                y={HEIGHT - BOTTOM + 32}
                textAnchor="middle"
              >
                {bar.aliases.join(', ')}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
};
