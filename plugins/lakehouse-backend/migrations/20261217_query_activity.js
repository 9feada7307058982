// @ts-check

/**
 * Console queries on Trino are continued by any replica, so no replica can
 * tell from memory that a client stopped fetching pages: the history row
 * keeps when the query was last asked for (submitted or a page fetched),
 * and the sweep cancels on Trino those nobody asked for within
 * `lakehouse.queries.idleTimeoutSeconds`. The error name is kept with the
 * message so that a client paging a query another replica ended sees why
 * (EXCEEDED_TIME_LIMIT, ABANDONED_QUERY) rather than a generic name.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('lakehouse_query_history', table => {
    table
      .timestamp('last_activity_at', { useTz: true })
      .comment('When the query was submitted or a page of it last fetched');
    table.string('error_name').comment("The error's name, e.g. USER_CANCELED");
  });
  // Rows from before count as last asked for when they started.
  await knex('lakehouse_query_history').update({
    last_activity_at: knex.ref('started_at'),
  });
  // The sweep looks for queries still running on the engine.
  await knex.schema.alterTable('lakehouse_query_history', table => {
    table.index(
      ['state', 'last_activity_at'],
      'lakehouse_query_history_active_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('lakehouse_query_history', table => {
    table.dropIndex(
      ['state', 'last_activity_at'],
      'lakehouse_query_history_active_idx',
    );
    table.dropColumn('last_activity_at');
    table.dropColumn('error_name');
  });
};
