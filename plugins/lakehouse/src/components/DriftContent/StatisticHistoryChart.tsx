import { formatDateTime } from '@internal/plugin-lakehouse-react';
import { makeStyles } from '@material-ui/core';

/** One report's value of the statistic. */
export interface StatisticPoint {
  /** When the report was made (ISO 8601). */
  at: string;
  value: number;
  /** The report's threshold, when the statistic is the one the feature is tested on. */
  threshold?: number;
  drifted?: boolean;
}

const useStyles = makeStyles(theme => ({
  line: { fill: 'none', stroke: theme.palette.primary.main, strokeWidth: 2 },
  point: { fill: theme.palette.primary.main },
  drifted: { fill: theme.palette.error.main },
  threshold: {
    fill: 'none',
    stroke: theme.palette.error.main,
    strokeWidth: 1.5,
    strokeDasharray: '6 4',
  },
  axis: { stroke: theme.palette.divider, strokeWidth: 1 },
  label: {
    fill: theme.palette.text.secondary,
    fontSize: 11,
    fontFamily: theme.typography.fontFamily,
  },
}));

const WIDTH = 520;
const HEIGHT = 220;
const LEFT = 52;
const RIGHT = 64;
const TOP = 16;
const BOTTOM = 32;

/** Properties of {@link StatisticHistoryChart}. */
export interface StatisticHistoryChartProps {
  /** What the chart shows, e.g. `Kolmogorov–Smirnov D of avg_order_amount`. */
  label: string;
  /** Oldest first. */
  points: StatisticPoint[];
  format(value: number): string;
}

/**
 * A statistic across reports as a line in SVG, oldest on the left and
 * newest on the right, one point per report, evenly spaced so runs
 * minutes apart stay apart. Where the points carry a threshold it is drawn
 * as a dashed line, and points past it are marked.
 */
export const StatisticHistoryChart = ({
  label,
  points,
  format,
}: StatisticHistoryChartProps) => {
  const classes = useStyles();
  const values = points.flatMap(p =>
    p.threshold === undefined ? [p.value] : [p.value, p.threshold],
  );
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const x = (i: number) =>
    points.length === 1
      ? LEFT + plotWidth / 2
      : LEFT + (i / (points.length - 1)) * plotWidth;
  const y = (v: number) => TOP + ((max - v) / span) * plotHeight;
  const path = (list: { i: number; v: number }[]) =>
    list.map(({ i, v }) => `${x(i)},${y(v)}`).join(' ');

  const line = points.map((p, i) => ({ i, v: p.value }));
  const thresholds = points.flatMap((p, i) =>
    p.threshold === undefined ? [] : [{ i, v: p.threshold }],
  );
  const lastThreshold = thresholds[thresholds.length - 1];
  const first = points[0];
  const last = points[points.length - 1];

  return (
    <svg
      role="img"
      aria-label={`${label} over ${points.length} ${
        points.length === 1 ? 'report' : 'reports'
      }, oldest to newest`}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      style={{ maxWidth: WIDTH, display: 'block' }}
    >
      <line
        className={classes.axis}
        x1={LEFT}
        x2={WIDTH - RIGHT}
        y1={y(min)}
        y2={y(min)}
      />
      <text
        className={classes.label}
        x={LEFT - 6}
        y={y(max) + 4}
        textAnchor="end"
      >
        {format(max)}
      </text>
      <text className={classes.label} x={LEFT - 6} y={y(min)} textAnchor="end">
        {format(min)}
      </text>
      {thresholds.length > 0 && (
        <g data-series="threshold">
          {thresholds.length > 1 ? (
            <polyline className={classes.threshold} points={path(thresholds)} />
          ) : (
            <line
              className={classes.threshold}
              x1={LEFT}
              x2={WIDTH - RIGHT}
              y1={y(lastThreshold.v)}
              y2={y(lastThreshold.v)}
            />
          )}
          <text
            className={classes.label}
            x={WIDTH - RIGHT + 6}
            y={y(lastThreshold.v) + 4}
          >
            threshold
          </text>
        </g>
      )}
      {points.length > 1 && (
        <polyline className={classes.line} points={path(line)} />
      )}
      <g data-series="value">
        {points.map((p, i) => (
          <circle
            key={`${p.at}-${i}`}
            className={p.drifted ? classes.drifted : classes.point}
            cx={x(i)}
            cy={y(p.value)}
            r={4}
          >
            <title>{`${formatDateTime(p.at, 'minute') ?? p.at}: ${format(
              p.value,
            )}${
              p.threshold === undefined
                ? ''
                : ` (threshold ${format(p.threshold)}${
                    p.drifted ? ', drift' : ''
                  })`
            }`}</title>
          </circle>
        ))}
      </g>
      {first && (
        <text
          className={classes.label}
          x={x(0)}
          y={HEIGHT - 10}
          textAnchor={points.length === 1 ? 'middle' : 'start'}
        >
          {formatDateTime(first.at, 'minute')}
        </text>
      )}
      {last && points.length > 1 && (
        <text
          className={classes.label}
          x={x(points.length - 1)}
          y={HEIGHT - 10}
          textAnchor="end"
        >
          {formatDateTime(last.at, 'minute')}
        </text>
      )}
    </svg>
  );
};
