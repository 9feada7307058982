// @ts-check

/**
 * Governance: the columns owners marked declassified (hashed, aggregated),
 * where a classification inherited through column lineage stops.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lakehouse_declassifications', table => {
    table.comment(
      'Columns where an inherited classification stops, with who said so and why',
    );
    // Only ever grows, so that (count, max) changes with every change.
    table.increments('seq');
    table
      .string('entity_ref')
      .notNullable()
      .comment('Dataset entity ref, as the catalog spells it');
    table.string('column_name').notNullable();
    table.text('reason').notNullable();
    table
      .string('declassified_by')
      .notNullable()
      .comment('User entity ref of who declassified the column');
    table.timestamp('declassified_at', { useTz: true }).notNullable();
    table.unique(['entity_ref', 'column_name'], {
      indexName: 'lakehouse_declassifications_column_idx',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lakehouse_declassifications');
};
