// Entry point for the TypeORM CLI (`npm run migration:generate -- libs/database/src/migrations/<name>`).
// The CLI is a development tool outside the app's config path, so it reads the URL directly.
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

// eslint-disable-next-line no-restricted-properties
export default new DataSource(
  dataSourceOptions({ url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' }),
);
