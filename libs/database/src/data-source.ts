// Entry point for the TypeORM CLI (`npm run migration:show`, `npm run migration:generate -- <path>`).
import { DataSource } from 'typeorm';
import { loadConfig } from '@tongdao/config';
import { dataSourceOptions } from './data-source-options';

const url = loadConfig().database.url;
if (!url) throw new Error('Set DATABASE_URL to the database the TypeORM CLI should use');

export default new DataSource(dataSourceOptions({ url }));
