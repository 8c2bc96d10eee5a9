import 'reflect-metadata';
import { createApp } from './bootstrap';
import { ServerEnvironment } from './common/environment';

async function main(): Promise<void> {
  const env = new ServerEnvironment();
  const app = await createApp(env);
  app.enableShutdownHooks();
  await app.listen(env.port, env.host);
}

main().catch((error: unknown) => {
  // Start-up failures (bad configuration, unreachable database) end the process with a readable reason.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
