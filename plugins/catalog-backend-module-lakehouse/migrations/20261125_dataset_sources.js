// @ts-check

/**
 * What each lakehouse dataset source last produced, so that the datasets of
 * a source that is down survive a restart of the backend.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lakehouse_dataset_sources', table => {
    table.comment('Last successful result of each lakehouse dataset source');
    table
      .string('source_id')
      .primary()
      .notNullable()
      .comment('Provider id, e.g. dbt:demo');
    table.integer('fragment_count').notNullable();
    table
      .string('fingerprint', 64)
      .notNullable()
      .comment('sha256 of the fragments');
    table
      .text('fragments', 'longtext')
      .notNullable()
      .comment('JSON array of dataset fragments');
    table
      .string('updated_at')
      .notNullable()
      .comment('When the content last changed (ISO 8601)');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lakehouse_dataset_sources');
};
