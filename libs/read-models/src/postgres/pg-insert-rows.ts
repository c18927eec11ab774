import type { PgReadModelTx } from './pg-projection';

/** PostgreSQL's limit on a statement's parameters. */
const MAX_PARAMETERS = 65_535;

/**
 * INSERT … VALUES (…), (…) of many rows, each value a parameter of its own: a few statements
 * whatever the number of rows. Rather than unnest() over array parameters: those are sent as array
 * literals, every quote and backslash of the large JSON texts (a letter, a licence's file) escaped
 * by the driver and parsed again by the server; a plain parameter is sent as it is.
 * `suffix` follows the VALUES (e.g. an ON CONFLICT clause). Values are bound as text or numbers;
 * the server gives each the type of its target column.
 */
export async function insertRows<Row extends object>(
  tx: PgReadModelTx,
  table: string,
  columns: readonly (keyof Row & string)[],
  rows: readonly Row[],
  suffix: string,
): Promise<void> {
  const rowsPerStatement = Math.floor(MAX_PARAMETERS / columns.length);
  for (let from = 0; from < rows.length; from += rowsPerStatement) {
    const chunk = rows.slice(from, from + rowsPerStatement);
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (const row of chunk) {
      const placeholders: string[] = [];
      for (const column of columns) {
        values.push(row[column]);
        placeholders.push(`$${values.length}`);
      }
      tuples.push(`(${placeholders.join(', ')})`);
    }
    await tx.client.query(
      `INSERT INTO ${tx.table(table)} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ${suffix}`,
      values,
    );
  }
}
