// @ts-check

/**
 * Access requests: a user asks for read access to a dataset, an owner
 * approves or rejects it, and approval applies a grant in Polaris that a
 * scheduled task revokes when it runs out.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lakehouse_access_requests', table => {
    table.comment('Requests for read access to lakehouse datasets');
    table.string('id', 36).primary().comment('UUID');
    table.text('entity_ref').notNullable().comment('The dataset entity');
    table
      .text('table_identifier')
      .notNullable()
      .comment('catalog.schema.table of the dataset when it was asked for');
    table.string('privilege').notNullable().comment('read');
    table.text('reason').notNullable();
    table.double('duration_days').notNullable();
    table
      .string('state')
      .notNullable()
      .comment('pending, approved, rejected or expired');
    table.text('requested_by').notNullable().comment('User entity ref');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.text('decided_by').nullable().comment('User entity ref');
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.text('comment').nullable();
    table.timestamp('expires_at', { useTz: true }).nullable();
    table.timestamp('revoked_at', { useTz: true }).nullable();
    table
      .text('error')
      .nullable()
      .comment('The last failure to apply or revoke the grant');
    table
      .text('grant')
      .nullable()
      .comment('JSON: what the approval applied in Polaris');
    table
      .text('applied_steps')
      .nullable()
      .comment(
        'JSON: the Polaris changes the approval made (not found there before)',
      );
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['state', 'expires_at'], 'lakehouse_access_requests_state_idx');
    table.index(['entity_ref'], 'lakehouse_access_requests_entity_idx');
    table.index(['requested_by'], 'lakehouse_access_requests_user_idx');
  });
  // One open request per user and dataset, even when two arrive at once.
  await knex.schema.alterTable('lakehouse_access_requests', table => {
    table.unique(['entity_ref', 'requested_by'], {
      indexName: 'lakehouse_access_requests_one_pending',
      useConstraint: false,
      predicate: knex.whereRaw("state = 'pending'"),
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lakehouse_access_requests');
};
