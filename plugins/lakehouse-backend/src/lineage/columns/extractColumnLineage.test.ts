import { extractColumnLineage, ModelColumnLineage, SqlModel } from '.';

const KNOWN: Record<string, string[]> = {
  'lake.raw.orders': [
    'order_id',
    'customer_id',
    'order_date',
    'status',
    'amount',
  ],
  'lake.raw.customers': ['customer_id', 'name', 'country'],
  'lake.raw.payments': ['payment_id', 'order_id', 'method', 'amount'],
  'lake.raw.events': ['event_id', 'payload', 'tags', 'happened_at'],
};

const options = { knownColumns: (table: string) => KNOWN[table] };

function analyze(sql: string, model: Partial<SqlModel> = {}) {
  const [result] = extractColumnLineage(
    [{ table: 'lake.gold.out', sql, ...model }],
    options,
  );
  return result;
}

/** Each output column's inputs as `table.column TRANSFORMATION/SUBTYPE`, in the order given. */
function inputsOf(result: ModelColumnLineage) {
  return Object.fromEntries(
    result.columns.map(column => [
      column.name,
      column.inputs.map(
        input =>
          `${input.table}.${input.column} ${input.transformation}/${input.subtype}`,
      ),
    ]),
  );
}

describe('extractColumnLineage', () => {
  it('traces columns taken as they are, computed, and renamed by an alias', () => {
    const result = analyze(`
      select o.order_id, o.amount * 100 as amount_cents, customer_id as buyer
      from lake.raw.orders as o`);
    expect(inputsOf(result)).toEqual({
      order_id: ['lake.raw.orders.order_id DIRECT/IDENTITY'],
      amount_cents: ['lake.raw.orders.amount DIRECT/TRANSFORMATION'],
      buyer: ['lake.raw.orders.customer_id DIRECT/IDENTITY'],
    });
    expect(result.tables).toEqual(['lake.raw.orders']);
    expect(result.problems).toEqual([]);
  });

  it('sees through WITH queries, nested ones and one read twice', () => {
    const result = analyze(`
      with paid as (
        with big as (select order_id, amount from lake.raw.orders where amount > 100)
        select order_id, amount as paid_amount from big
      )
      select a.order_id, b.paid_amount as other_amount
      from paid as a join paid as b on a.order_id = b.order_id`);
    expect(inputsOf(result)).toEqual({
      order_id: [
        'lake.raw.orders.order_id DIRECT/IDENTITY',
        'lake.raw.orders.amount INDIRECT/FILTER',
        'lake.raw.orders.order_id INDIRECT/JOIN',
      ],
      other_amount: [
        'lake.raw.orders.amount DIRECT/IDENTITY',
        'lake.raw.orders.amount INDIRECT/FILTER',
        'lake.raw.orders.order_id INDIRECT/JOIN',
      ],
    });
    expect(result.tables).toEqual(['lake.raw.orders']);
  });

  it('sees through subqueries in FROM, with their column aliases', () => {
    const result = analyze(`
      select s.id, s.total
      from (select customer_id, sum(amount) from lake.raw.orders group by customer_id) as s (id, total)`);
    expect(inputsOf(result)).toEqual({
      id: [
        'lake.raw.orders.customer_id DIRECT/IDENTITY',
        'lake.raw.orders.customer_id INDIRECT/GROUP_BY',
      ],
      total: [
        'lake.raw.orders.amount DIRECT/AGGREGATION',
        'lake.raw.orders.customer_id INDIRECT/GROUP_BY',
      ],
    });
  });

  it('traces a correlated scalar subquery to its own column, and filters with IN and EXISTS to every column', () => {
    const result = analyze(`
      select c.customer_id,
             (select max(o.amount) from lake.raw.orders o where o.customer_id = c.customer_id) as largest
      from lake.raw.customers c
      where c.customer_id in (select customer_id from lake.raw.orders where status = 'paid')
        and exists (select 1 from lake.raw.payments p where p.method = c.country)`);
    const rowsDecidedBy = [
      'lake.raw.customers.country INDIRECT/FILTER',
      'lake.raw.customers.customer_id INDIRECT/FILTER',
      'lake.raw.orders.customer_id INDIRECT/FILTER',
      'lake.raw.orders.status INDIRECT/FILTER',
      'lake.raw.payments.method INDIRECT/FILTER',
    ];
    expect(inputsOf(result)).toEqual({
      customer_id: [
        'lake.raw.customers.customer_id DIRECT/IDENTITY',
        ...rowsDecidedBy,
      ],
      largest: ['lake.raw.orders.amount DIRECT/AGGREGATION', ...rowsDecidedBy],
    });
    expect(result.tables).toEqual([
      'lake.raw.customers',
      'lake.raw.orders',
      'lake.raw.payments',
    ]);
    expect(result.problems).toEqual([]);
  });

  it('keeps the inputs that decide a scalar subquery to the column it computes', () => {
    const result = analyze(`
      select o.order_id,
             (select count(*) from lake.raw.payments p where p.order_id = o.order_id) as payments
      from lake.raw.orders o`);
    expect(inputsOf(result)).toEqual({
      order_id: ['lake.raw.orders.order_id DIRECT/IDENTITY'],
      payments: [
        'lake.raw.orders.order_id INDIRECT/FILTER',
        'lake.raw.payments.order_id INDIRECT/FILTER',
      ],
    });
  });

  it('resolves qualifiers by alias, by table name and by full name', () => {
    const result = analyze(`
      select orders.order_id, raw.orders.status, lake.raw.orders.amount, c.name
      from lake.raw.orders join lake.raw.customers c on orders.customer_id = c.customer_id`);
    const join = [
      'lake.raw.customers.customer_id INDIRECT/JOIN',
      'lake.raw.orders.customer_id INDIRECT/JOIN',
    ];
    expect(inputsOf(result)).toEqual({
      order_id: ['lake.raw.orders.order_id DIRECT/IDENTITY', ...join],
      status: ['lake.raw.orders.status DIRECT/IDENTITY', ...join],
      amount: ['lake.raw.orders.amount DIRECT/IDENTITY', ...join],
      name: ['lake.raw.customers.name DIRECT/IDENTITY', ...join],
    });
    expect(result.problems).toEqual([]);
  });

  it('expands select * and t.* from the known columns, in order', () => {
    const result = analyze(`
      select c.*, o.amount from lake.raw.customers c join lake.raw.orders o using (customer_id)`);
    expect(result.columns.map(column => column.name)).toEqual([
      'customer_id',
      'name',
      'country',
      'amount',
    ]);
    const star = analyze('select * from lake.raw.payments');
    expect(inputsOf(star)).toEqual({
      payment_id: ['lake.raw.payments.payment_id DIRECT/IDENTITY'],
      order_id: ['lake.raw.payments.order_id DIRECT/IDENTITY'],
      method: ['lake.raw.payments.method DIRECT/IDENTITY'],
      amount: ['lake.raw.payments.amount DIRECT/IDENTITY'],
    });
  });

  it('lists a USING column once under select *, from both sides', () => {
    const result = analyze(`
      select * from lake.raw.customers c join lake.raw.orders o using (customer_id)`);
    expect(result.columns.map(column => column.name)).toEqual([
      'customer_id',
      'name',
      'country',
      'order_id',
      'order_date',
      'status',
      'amount',
    ]);
    expect(inputsOf(result).customer_id).toEqual([
      'lake.raw.customers.customer_id DIRECT/IDENTITY',
      'lake.raw.orders.customer_id DIRECT/IDENTITY',
      'lake.raw.customers.customer_id INDIRECT/JOIN',
      'lake.raw.orders.customer_id INDIRECT/JOIN',
    ]);
  });

  it('expands select * over an upstream model to the columns its SQL produces, whatever the order of the models', () => {
    const results = extractColumnLineage(
      [
        {
          table: 'lake.gold.report',
          sql: 'select * from lake.silver.paid_orders',
        },
        {
          table: 'lake.silver.paid_orders',
          sql: "select order_id, amount as paid from lake.raw.orders where status = 'paid'",
          // Declarations are often partial; the SQL says what the model holds.
          declaredColumns: ['order_id'],
        },
      ],
      options,
    );
    expect(results.map(result => result.table)).toEqual([
      'lake.gold.report',
      'lake.silver.paid_orders',
    ]);
    expect(inputsOf(results[0])).toEqual({
      order_id: ['lake.silver.paid_orders.order_id DIRECT/IDENTITY'],
      paid: ['lake.silver.paid_orders.paid DIRECT/IDENTITY'],
    });
    expect(results[0].problems).toEqual([]);
  });

  it('takes an upstream model of unparseable SQL at its declared columns', () => {
    const results = extractColumnLineage(
      [
        { table: 'lake.gold.report', sql: 'select * from lake.silver.broken' },
        {
          table: 'lake.silver.broken',
          sql: 'select order_id, from lake.raw.orders',
          declaredColumns: ['order_id', 'amount'],
        },
      ],
      options,
    );
    expect(results[0].columns.map(column => column.name)).toEqual([
      'order_id',
      'amount',
    ]);
    expect(results[1].columns).toEqual([]);
    expect(results[1].problems).toEqual([
      'lake.silver.broken: its SQL does not parse at line 1, column 23 (near "lake.raw.orders")',
    ]);
  });

  it('passes columns of a table of unknown columns through select *, and says so when it cannot list them', () => {
    const result = analyze(`
      with source as (select * from lake.raw.unknown)
      select id as key, label from source`);
    expect(inputsOf(result)).toEqual({
      key: ['lake.raw.unknown.id DIRECT/IDENTITY'],
      label: ['lake.raw.unknown.label DIRECT/IDENTITY'],
    });
    expect(result.problems).toEqual([]);

    const unlisted = analyze('select * from lake.raw.unknown');
    expect(unlisted.columns).toEqual([]);
    expect(unlisted.problems).toEqual([
      'lake.gold.out: "select *" over lake.raw.unknown, whose columns are unknown: the columns it passes on are not listed',
    ]);

    const declared = analyze('select * from lake.raw.unknown', {
      declaredColumns: ['id', 'label'],
    });
    expect(inputsOf(declared)).toEqual({
      id: ['lake.raw.unknown.id DIRECT/IDENTITY'],
      label: ['lake.raw.unknown.label DIRECT/IDENTITY'],
    });
    expect(declared.problems).toEqual([]);
  });

  it('resolves an unqualified column in a join by the input that has it', () => {
    const result = analyze(`
      select name, amount from lake.raw.customers c join lake.raw.orders o on c.customer_id = o.customer_id`);
    expect(inputsOf(result)).toEqual({
      name: [
        'lake.raw.customers.name DIRECT/IDENTITY',
        'lake.raw.customers.customer_id INDIRECT/JOIN',
        'lake.raw.orders.customer_id INDIRECT/JOIN',
      ],
      amount: [
        'lake.raw.orders.amount DIRECT/IDENTITY',
        'lake.raw.customers.customer_id INDIRECT/JOIN',
        'lake.raw.orders.customer_id INDIRECT/JOIN',
      ],
    });
  });

  it('reports an ambiguous unqualified column instead of guessing', () => {
    const result = analyze(
      'select order_id, amount\nfrom lake.raw.orders o join lake.raw.payments p on o.order_id = p.order_id',
    );
    expect(result.problems).toEqual([
      'lake.gold.out: column "order_id" at line 1, column 8 is ambiguous: o (lake.raw.orders) and p (lake.raw.payments) both have it',
      'lake.gold.out: column "amount" at line 1, column 18 is ambiguous: o (lake.raw.orders) and p (lake.raw.payments) both have it',
    ]);
    expect(inputsOf(result).order_id).toEqual([
      'lake.raw.orders.order_id INDIRECT/JOIN',
      'lake.raw.payments.order_id INDIRECT/JOIN',
    ]);
  });

  it('reports a column no input has', () => {
    const result = analyze('select discount from lake.raw.orders');
    expect(result.problems).toEqual([
      'lake.gold.out: column "discount" at line 1, column 8 is in none of the tables it reads',
    ]);
    expect(result.columns).toEqual([{ name: 'discount', inputs: [] }]);
  });

  it('makes the columns of CASE conditions INDIRECT/CONDITIONAL and its values DIRECT', () => {
    const result = analyze(`
      select
        case when status = 'paid' then amount else 0 end as paid_amount,
        case status when 'new' then order_date end as new_since,
        if(amount > 100, customer_id) as big_spender
      from lake.raw.orders`);
    expect(inputsOf(result)).toEqual({
      paid_amount: [
        'lake.raw.orders.amount DIRECT/TRANSFORMATION',
        'lake.raw.orders.status INDIRECT/CONDITIONAL',
      ],
      new_since: [
        'lake.raw.orders.order_date DIRECT/TRANSFORMATION',
        'lake.raw.orders.status INDIRECT/CONDITIONAL',
      ],
      big_spender: [
        'lake.raw.orders.customer_id DIRECT/TRANSFORMATION',
        'lake.raw.orders.amount INDIRECT/CONDITIONAL',
      ],
    });
  });

  it('marks aggregated values AGGREGATION and lists GROUP BY and HAVING columns for every column', () => {
    const result = analyze(`
      select customer_id, count(*) as orders, sum(amount) as total,
             count(*) filter (where status = 'paid') as paid_orders,
             array_agg(order_id order by order_date) as order_ids
      from lake.raw.orders
      group by 1
      having max(order_date) > date '2024-01-01'`);
    const grouping = [
      'lake.raw.orders.customer_id INDIRECT/GROUP_BY',
      'lake.raw.orders.order_date INDIRECT/FILTER',
    ];
    expect(inputsOf(result)).toEqual({
      customer_id: ['lake.raw.orders.customer_id DIRECT/IDENTITY', ...grouping],
      orders: grouping,
      total: ['lake.raw.orders.amount DIRECT/AGGREGATION', ...grouping],
      paid_orders: [...grouping, 'lake.raw.orders.status INDIRECT/FILTER'],
      order_ids: [
        'lake.raw.orders.order_id DIRECT/AGGREGATION',
        'lake.raw.orders.customer_id INDIRECT/GROUP_BY',
        'lake.raw.orders.order_date INDIRECT/FILTER',
        'lake.raw.orders.order_date INDIRECT/SORT',
      ],
    });
  });

  it('lists window PARTITION BY and ORDER BY columns for the windowed column only', () => {
    const result = analyze(`
      select order_id,
             row_number() over (partition by customer_id order by order_date desc) as recency,
             sum(amount) over w as running_total
      from lake.raw.orders
      window w as (partition by status order by order_id)`);
    expect(inputsOf(result)).toEqual({
      order_id: ['lake.raw.orders.order_id DIRECT/IDENTITY'],
      recency: [
        'lake.raw.orders.customer_id INDIRECT/WINDOW',
        'lake.raw.orders.order_date INDIRECT/WINDOW',
      ],
      running_total: [
        'lake.raw.orders.amount DIRECT/AGGREGATION',
        'lake.raw.orders.order_id INDIRECT/WINDOW',
        'lake.raw.orders.status INDIRECT/WINDOW',
      ],
    });
  });

  it('matches UNION and UNION ALL branches by position and names the columns after the first', () => {
    const result = analyze(`
      select order_id as id, amount from lake.raw.orders where status = 'paid'
      union all
      select payment_id, amount from lake.raw.payments
      union
      select 0, 0`);
    expect(inputsOf(result)).toEqual({
      id: [
        'lake.raw.orders.order_id DIRECT/IDENTITY',
        'lake.raw.payments.payment_id DIRECT/IDENTITY',
        'lake.raw.orders.status INDIRECT/FILTER',
      ],
      amount: [
        'lake.raw.orders.amount DIRECT/IDENTITY',
        'lake.raw.payments.amount DIRECT/IDENTITY',
        'lake.raw.orders.status INDIRECT/FILTER',
      ],
    });
    expect(result.tables).toEqual(['lake.raw.orders', 'lake.raw.payments']);
  });

  it('makes the right side of EXCEPT decide the rows only', () => {
    const result = analyze(`
      select order_id from lake.raw.orders except select order_id from lake.raw.payments`);
    expect(inputsOf(result)).toEqual({
      order_id: [
        'lake.raw.orders.order_id DIRECT/IDENTITY',
        'lake.raw.payments.order_id INDIRECT/FILTER',
      ],
    });
  });

  it('reports UNION branches of different widths', () => {
    const result = analyze(
      'select order_id, amount from lake.raw.orders union all select payment_id from lake.raw.payments',
    );
    expect(result.problems).toEqual([
      'lake.gold.out: the branches of its UNION have 2 and 1 columns',
    ]);
  });

  it('reads quoted identifiers as Trino does, folded to lower case', () => {
    const result = analyze(`
      select "O"."Order_Id" as "Order Key", "amount" from "lake"."raw"."Orders" as "O"`);
    expect(inputsOf(result)).toEqual({
      'order key': ['lake.raw.orders.order_id DIRECT/IDENTITY'],
      amount: ['lake.raw.orders.amount DIRECT/IDENTITY'],
    });
  });

  it('sees through Trino functions, casts, lambdas and subscripts', () => {
    const result = analyze(`
      select
        cast(amount as decimal(12, 2)) as amount,
        try_cast(order_id as varchar) as order_key,
        date_diff('day', order_date, current_date) as age_days,
        extract(year from order_date) as order_year,
        status || '-' || cast(customer_id as varchar) as label,
        transform(e.tags, tag -> upper(tag)) as tags,
        e.tags[1] as first_tag,
        json_extract_scalar(e.payload, '$.source') as source
      from lake.raw.orders o
      cross join lake.raw.events e`);
    expect(inputsOf(result)).toEqual({
      amount: ['lake.raw.orders.amount DIRECT/TRANSFORMATION'],
      order_key: ['lake.raw.orders.order_id DIRECT/TRANSFORMATION'],
      age_days: ['lake.raw.orders.order_date DIRECT/TRANSFORMATION'],
      order_year: ['lake.raw.orders.order_date DIRECT/TRANSFORMATION'],
      label: [
        'lake.raw.orders.customer_id DIRECT/TRANSFORMATION',
        'lake.raw.orders.status DIRECT/TRANSFORMATION',
      ],
      tags: ['lake.raw.events.tags DIRECT/TRANSFORMATION'],
      first_tag: ['lake.raw.events.tags DIRECT/TRANSFORMATION'],
      source: ['lake.raw.events.payload DIRECT/TRANSFORMATION'],
    });
    expect(result.problems).toEqual([]);
  });

  it('reads Trino SQL that node-sql-parser reads only with its PostgreSQL grammar', () => {
    const result = analyze(`
      select happened_at at time zone 'UTC' as happened_at_utc,
             (select max(amount) from lake.raw.orders) as largest
      from lake.raw.events`);
    expect(inputsOf(result)).toEqual({
      happened_at_utc: ['lake.raw.events.happened_at DIRECT/TRANSFORMATION'],
      largest: ['lake.raw.orders.amount DIRECT/AGGREGATION'],
    });
  });

  it('lists join keys and filters for every column', () => {
    const result = analyze(`
      select c.name
      from lake.raw.customers c
      left join lake.raw.orders o on o.customer_id = c.customer_id and o.status <> 'void'
      where c.country = 'NL'
      order by o.order_date`);
    expect(inputsOf(result)).toEqual({
      name: [
        'lake.raw.customers.name DIRECT/IDENTITY',
        'lake.raw.customers.country INDIRECT/FILTER',
        'lake.raw.customers.customer_id INDIRECT/JOIN',
        'lake.raw.orders.customer_id INDIRECT/JOIN',
        'lake.raw.orders.order_date INDIRECT/SORT',
        'lake.raw.orders.status INDIRECT/JOIN',
      ],
    });
  });

  it('orders by output names before input columns', () => {
    const result = analyze(`
      select customer_id, sum(amount) as amount from lake.raw.orders group by customer_id order by amount desc`);
    expect(inputsOf(result).customer_id).toEqual([
      'lake.raw.orders.customer_id DIRECT/IDENTITY',
      'lake.raw.orders.amount INDIRECT/SORT',
      'lake.raw.orders.customer_id INDIRECT/GROUP_BY',
    ]);
  });

  it('reads columns of UNNEST and of a recursive WITH query', () => {
    const unnested = analyze(`
      select e.event_id, t.tag from lake.raw.events e cross join unnest(e.tags) as t (tag)`);
    expect(inputsOf(unnested)).toEqual({
      event_id: ['lake.raw.events.event_id DIRECT/IDENTITY'],
      tag: ['lake.raw.events.tags DIRECT/TRANSFORMATION'],
    });
    const recursive = analyze(`
      with recursive days (d) as (
        select min(order_date) from lake.raw.orders
        union all
        select d + interval '1' day from days where d < current_date
      )
      select d as day from days`);
    expect(inputsOf(recursive)).toEqual({
      day: ['lake.raw.orders.order_date DIRECT/AGGREGATION'],
    });
    expect(recursive.problems).toEqual([]);
  });

  it('completes one- and two-part table names with the default catalog and schema', () => {
    const [result] = extractColumnLineage(
      [
        {
          table: 'lake.gold.out',
          sql: 'select o.amount, c.name from orders o, raw.customers c',
        },
      ],
      { ...options, defaultCatalog: 'lake', defaultSchema: 'raw' },
    );
    expect(result.tables).toEqual(['lake.raw.orders', 'lake.raw.customers']);
    expect(inputsOf(result)).toEqual({
      amount: ['lake.raw.orders.amount DIRECT/IDENTITY'],
      name: ['lake.raw.customers.name DIRECT/IDENTITY'],
    });

    const withoutDefaults = analyze('select amount from orders');
    expect(withoutDefaults.problems).toEqual([
      'lake.gold.out: table "orders" at line 1, column 20 needs a catalog and schema: its SQL does not name them and no default was given',
    ]);
    expect(withoutDefaults.tables).toEqual([]);
  });

  it('reports SQL that does not parse with its position, and SQL that is not a query, without throwing', () => {
    const broken = analyze(
      'select order_id\nfrom lake.raw.orders\nwhere amount >',
    );
    expect(broken.problems).toEqual([
      'lake.gold.out: its SQL does not parse at line 3, column 15 (at the end)',
    ]);
    expect(broken.columns).toEqual([]);
    const insert = analyze('insert into lake.raw.orders (order_id) values (1)');
    expect(insert.problems).toEqual([
      'lake.gold.out: its SQL is not a query but INSERT',
    ]);
  });

  it('reports declared columns that the SQL does not produce', () => {
    const result = analyze('select order_id from lake.raw.orders', {
      declaredColumns: ['order_id', 'amount'],
    });
    expect(result.problems).toEqual([
      'lake.gold.out: declares column "amount", which its SQL does not produce',
    ]);
  });

  it('reports models that read each other', () => {
    const results = extractColumnLineage(
      [
        {
          table: 'lake.gold.a',
          sql: 'select x from lake.gold.b',
          declaredColumns: ['x'],
        },
        {
          table: 'lake.gold.b',
          sql: 'select x from lake.gold.a',
          declaredColumns: ['x'],
        },
      ],
      options,
    );
    expect(results.flatMap(result => result.problems)).toEqual([
      "lake.gold.b: reads lake.gold.a, which reads it in turn (a dependency cycle): lake.gold.a's columns are taken from its declaration",
    ]);
    expect(inputsOf(results[0])).toEqual({
      x: ['lake.gold.b.x DIRECT/IDENTITY'],
    });
    expect(inputsOf(results[1])).toEqual({
      x: ['lake.gold.a.x DIRECT/IDENTITY'],
    });
  });

  it('analyses a chain of thousands of models without exhausting the stack', () => {
    const models: SqlModel[] = Array.from({ length: 3000 }, (_, index) => ({
      table: `lake.chain.m${index}`,
      sql:
        index === 0
          ? 'select order_id, amount from lake.raw.orders'
          : `select * from lake.chain.m${index - 1}`,
    }));
    const results = extractColumnLineage(models.reverse(), options);
    expect(inputsOf(results[0])).toEqual({
      order_id: ['lake.chain.m2998.order_id DIRECT/IDENTITY'],
      amount: ['lake.chain.m2998.amount DIRECT/IDENTITY'],
    });
  });
});
