import { DataSource } from 'typeorm';
import { ENTITIES } from '../src/entities';
import { useTestApp } from './fixture';

describe('entity registration', () => {
  const t = useTestApp();

  it('registers, module by module, exactly the entities the migration CLI and the schema check know', () => {
    const registered = t.app
      .get(DataSource)
      .entityMetadatas.filter((m) => m.tableType !== 'junction')
      .map((m) => m.target);
    expect(new Set(registered)).toEqual(new Set(ENTITIES));
  });
});
