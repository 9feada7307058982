// @ts-check

/**
 * Every statement users run in the SQL console, for their history.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lakehouse_query_history', table => {
    table.comment('Statements run in the SQL console');
    table.string('id').primary().notNullable();
    table.string('user_ref').notNullable().comment('Backstage user entity ref');
    table.string('engine').notNullable();
    table.string('catalog');
    table.string('schema');
    table.text('sql').notNullable();
    table.string('statement_type');
    table.string('state').notNullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.integer('duration_ms');
    table.bigInteger('row_count');
    table.boolean('truncated');
    table.text('error');
    table.index(['user_ref', 'started_at'], 'lakehouse_query_history_user_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lakehouse_query_history');
};
