// @ts-check

/**
 * Console queries on Trino continue on any backend replica: the history row
 * keeps what another replica needs to page or cancel one (Trino's query id,
 * its first nextUri, the engine user), and the key that signs page tokens
 * is kept once for every replica.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('lakehouse_query_history', table => {
    table.string('engine_query_id').comment("The engine's own query id");
    table
      .text('next_uri')
      .comment("Trino's first nextUri, for the first page on any replica");
    table.string('engine_user').comment('Name the engine knows the user by');
    table.bigInteger('row_cap').comment('Rows the query returns at most');
  });
  await knex.schema.createTable('lakehouse_query_keys', table => {
    table.comment('Keys shared by every replica, e.g. for signing page tokens');
    table.string('id').primary().notNullable();
    table.text('secret').notNullable().comment('base64');
    table.timestamp('created_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lakehouse_query_keys');
  await knex.schema.alterTable('lakehouse_query_history', table => {
    table.dropColumn('engine_query_id');
    table.dropColumn('next_uri');
    table.dropColumn('engine_user');
    table.dropColumn('row_cap');
  });
};
