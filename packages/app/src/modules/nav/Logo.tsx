import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { height: 30, width: 'auto' },
  layer: { fill: '#7df3e1' },
  text: {
    fill: '#ffffff',
    fontFamily: 'Helvetica, Arial, sans-serif',
    fontWeight: 700,
  },
});

/** Three stacked slabs: raw, silver and gold layers of the lakehouse. */
const Layers = ({ className }: { className: string }) => (
  <g className={className}>
    <rect x="0" y="4" width="40" height="8" rx="2" opacity="0.55" />
    <rect x="0" y="16" width="40" height="8" rx="2" opacity="0.8" />
    <rect x="0" y="28" width="40" height="8" rx="2" />
  </g>
);

export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg className={classes.svg} viewBox="0 0 40 40" aria-hidden>
      <Layers className={classes.layer} />
    </svg>
  );
};

export const LogoFull = () => {
  const classes = useStyles();
  return (
    <svg className={classes.svg} viewBox="0 0 200 40" aria-hidden>
      <Layers className={classes.layer} />
      <text x="50" y="28" fontSize="22" className={classes.text}>
        Lakehouse
      </text>
    </svg>
  );
};
