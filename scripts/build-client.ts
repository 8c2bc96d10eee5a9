import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CLIENT_DIR,
  CLIENT_DOCUMENT_FILE,
  CLIENT_SCHEMA_FILE,
  clientSchemaSource,
  defaultServedDocument,
} from './client-schema';

/**
 * `npm run build:client`: writes the served OpenAPI document and the types openapi-typescript
 * generates from it into clients/typescript, then compiles the client to clients/typescript/dist.
 */
async function main(): Promise<void> {
  const document = await defaultServedDocument();
  writeFileSync(CLIENT_DOCUMENT_FILE, `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(CLIENT_SCHEMA_FILE, await clientSchemaSource(document));
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(CLIENT_DIR, 'tsconfig.json')], {
    stdio: 'inherit',
  });
  console.log(`Wrote ${CLIENT_SCHEMA_FILE} and compiled the client to ${join(CLIENT_DIR, 'dist')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
