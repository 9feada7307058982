import { Chip, makeStyles } from '@material-ui/core';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';
import WarningIcon from '@material-ui/icons/Warning';

const useStyles = makeStyles(theme => ({
  drift: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
    '& svg': { color: 'inherit' },
  },
  noDrift: {
    borderColor: theme.palette.success.main,
    color: theme.palette.success.main,
    '& svg': { color: 'inherit' },
  },
}));

/** Whether a feature drifted, as a chip that reads "Drift" or "No drift". */
export const DriftStatusChip = ({ drifted }: { drifted: boolean }) => {
  const classes = useStyles();
  return drifted ? (
    <Chip
      size="small"
      label="Drift"
      icon={<WarningIcon />}
      className={classes.drift}
    />
  ) : (
    <Chip
      size="small"
      variant="outlined"
      label="No drift"
      icon={<CheckCircleOutlineIcon />}
      className={classes.noDrift}
    />
  );
};
