// @ts-check

/**
 * OpenLineage RunEvents posted to the portal (dbt-ol, Dagster, Spark, ...),
 * kept as posted; the lineage graph reads each job's latest run from them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lakehouse_openlineage_events', table => {
    table.comment('OpenLineage RunEvents posted to /api/lakehouse/openlineage');
    // Grows with every event, so the lineage service can tell when to rebuild.
    table.increments('seq').primary();
    table.string('id').notNullable().unique();
    table.string('run_id').notNullable();
    table.string('event_type').comment('START, RUNNING, COMPLETE, ...');
    table.timestamp('event_time', { useTz: true }).notNullable();
    table.text('job_namespace').notNullable();
    table.text('job_name').notNullable();
    table.text('producer').notNullable();
    table.text('event').notNullable().comment('The RunEvent as JSON');
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.index(
      ['job_namespace', 'job_name', 'run_id'],
      'lakehouse_openlineage_events_job_idx',
    );
    table.index(['run_id'], 'lakehouse_openlineage_events_run_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lakehouse_openlineage_events');
};
