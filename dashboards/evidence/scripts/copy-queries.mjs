// Copy the dashboards' portable queries (../sql/*.sql, the single source of truth, tested on
// PostgreSQL and DuckDB) into the Evidence source, where `evidence sources` runs them.
import { copyFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const queries = join(here, '..', '..', 'sql');
const source = join(here, '..', 'sources', 'ehub');

for (const stale of readdirSync(source).filter((name) => name.endsWith('.sql'))) {
	rmSync(join(source, stale));
}
const copied = readdirSync(queries).filter((name) => name.endsWith('.sql'));
for (const name of copied) {
	copyFileSync(join(queries, name), join(source, name));
}
console.log(`Copied ${copied.length} queries from ${queries} to ${source}`);
