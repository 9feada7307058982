// @ts-check

/**
 * Drift monitoring: every run of a monitor (a time series per monitor) and
 * the cached summaries of reference data, which runs reuse.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lakehouse_drift_reports', table => {
    table.comment('Runs of the drift monitors of lakehouse.drift.monitors');
    table.string('id').primary();
    table.string('monitor_id').notNullable();
    table.text('entity_ref').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.string('status').notNullable().comment('ok or failed');
    table.boolean('drifted').notNullable();
    table.text('report').notNullable().comment('The DriftReport as JSON');
    table.index(['monitor_id', 'created_at'], 'lakehouse_drift_reports_idx');
  });
  await knex.schema.createTable(
    'lakehouse_drift_reference_summaries',
    table => {
      table.comment(
        'Reference data summarised in the query engine, reused by runs',
      );
      table.string('cache_key').primary();
      table.text('summary').notNullable().comment('JSON');
      table.timestamp('computed_at', { useTz: true }).notNullable();
    },
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lakehouse_drift_reference_summaries');
  await knex.schema.dropTable('lakehouse_drift_reports');
};
