import { DataSource } from 'typeorm';
import { ENTITIES } from '../src/entities';
import type { TestApp } from './app.factory';
import { startTestApp } from './app.factory';

describe('entity registration', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('registers, module by module, exactly the entities the migration CLI and the schema check know', () => {
    const registered = t.app
      .get(DataSource)
      .entityMetadatas.filter((m) => m.tableType !== 'junction')
      .map((m) => m.target);
    expect(new Set(registered)).toEqual(new Set(ENTITIES));
  });
});
