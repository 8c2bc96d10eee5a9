import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Command } from 'commander';
import { AppModule } from './app.module';
import { AuditChainService } from './audit/audit-chain.service';
import { Retention } from './audit/retention';
import { ServerEnvironment } from './common/environment';
import { DomainError, ValidationFailedError } from './common/errors';
import { flattenValidationErrors } from './common/validation';
import { CliLogger, passwordBlock } from './logging';
import { SigningService } from './keys/signing.service';
import { generateAdminPassword } from './users/admin-password';
import { CreateUserDto } from './users/dto/user.dto';
import { ADMINISTRATOR_ROLE, placeholderEmail, UsersService } from './users/users.service';

/** A failure the operator caused and can fix: shown as its message alone, exit status 1. */
class OperatorError extends Error {}

/**
 * The server's own modules as an application context (no HTTP listener): the same environment,
 * database and migrations as a start, so a command sees exactly what the server sees.
 */
async function withApp(work: (app: INestApplicationContext) => Promise<void>): Promise<void> {
  const env = new ServerEnvironment(process.env, { seedsAdministrator: false, servesTokens: false });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(env), {
    logger: new CliLogger(),
    abortOnError: false,
  });
  try {
    await work(app);
  } finally {
    await app.close();
  }
}

/** The whole of standard input, less the one line ending `echo` or a file adds. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY)
    throw new OperatorError('--password-stdin reads the password from a pipe or a file, not a terminal.');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (!password) throw new OperatorError('No password on standard input.');
  return password;
}

async function createAdministrator(
  username: string,
  options: { email?: string; passwordStdin?: boolean },
): Promise<void> {
  const password = options.passwordStdin ? await readPassword() : generateAdminPassword();
  // The same rules as POST /users: the CLI is an edge too.
  const dto = plainToInstance(CreateUserDto, {
    username,
    email: options.email ?? placeholderEmail(username),
    password,
    roles: [ADMINISTRATOR_ROLE],
  });
  const invalid = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (invalid.length) throw new ValidationFailedError(flattenValidationErrors(invalid));
  await withApp(async (app) => {
    const user = await app.get(UsersService).create(null, dto);
    if (options.passwordStdin) process.stdout.write(`Created administrator '${user.username}'.\n`);
    else
      process.stdout.write(
        passwordBlock(
          user.username,
          password,
          'Administrator account created. Its password is shown this once:',
          'Log in with it and change it; pass --password-stdin to choose it instead.',
        ),
      );
  });
}

async function resetPassword(username: string, options: { passwordStdin?: boolean }): Promise<void> {
  const password = options.passwordStdin ? await readPassword() : generateAdminPassword();
  await withApp(async (app) => {
    const users = app.get(UsersService);
    const user = await users.findByLogin(username);
    if (!user) throw new OperatorError(`No user '${username}'.`);
    // The API's path for a password set by someone else: the credential epoch moves, the
    // account's tokens are revoked and the change is audited (with no actor: the operator).
    await users.changePassword(null, user.id, password);
    if (options.passwordStdin)
      process.stdout.write(`Changed the password of '${user.username}'; its earlier tokens no longer work.\n`);
    else
      process.stdout.write(
        passwordBlock(
          user.username,
          password,
          'Password changed. The new password is shown this once:',
          'Its earlier tokens no longer work; pass --password-stdin to choose the password instead.',
        ),
      );
  });
}

/** Prints the chain report as GET /audit-events/verify answers it; a broken chain exits with status 1. */
async function verifyAuditChain(): Promise<void> {
  await withApp(async (app) => {
    const report = await app.get(AuditChainService).verify();
    process.stdout.write(`${JSON.stringify(report)}\n`);
    if (!report.ok) process.exitCode = 1;
  });
}

async function pruneNow(): Promise<void> {
  await withApp(async (app) => {
    process.stdout.write(`${JSON.stringify(await app.get(Retention).prune())}\n`);
  });
}

/** What the operator reads on a failure: the reason, and for a refused value every rule it broke. */
function describe(error: unknown): string {
  if (error instanceof DomainError)
    return [
      error instanceof ValidationFailedError ? 'Refused:' : error.message,
      ...(error.errors ?? []).map((e) => `  ${e.field}: ${e.message}`),
    ].join('\n');
  return error instanceof Error ? error.message : String(error);
}

const program = new Command()
  .name('jwt-access-manager')
  .description("Operator commands, run against the server's database (DATABASE_URL, DATA_DIR as for the server).");
const admin = program.command('admin').description('administrator accounts');
admin
  .command('create')
  .description('create an administrator; without --password-stdin a password is generated and shown once')
  .argument('<username>')
  .option('--email <email>', 'its email address (default: <username>@jwt-access-manager.local)')
  .option('--password-stdin', 'read the password from standard input')
  .action(createAdministrator);
admin
  .command('reset-password')
  .description("set a user's password (revokes its tokens); without --password-stdin one is generated and shown once")
  .argument('<username>')
  .option('--password-stdin', 'read the password from standard input')
  .action(resetPassword);

/** `keys rotate`: the generated key under DATA_DIR; kids only on output, never key material. */
async function rotateSigningKey(): Promise<void> {
  await withApp(async (app) => {
    const rotated = await app.get(SigningService).rotate();
    process.stdout.write(
      `Rotated the signing key: ${rotated.currentKid} is the new key, ${rotated.previousKid} the previous one.\n` +
        `Restart the server to sign with the new key. Tokens signed with ${rotated.previousKid} keep working ` +
        'until they expire; the restart logs when that key retires.\n',
    );
  });
}

const keys = program.command('keys').description('signing keys');
keys
  .command('rotate')
  .description('make a new generated signing key current; the previous one keeps verifying the tokens it signed')
  .action(rotateSigningKey);

const audit = program.command('audit').description('the audit log');
audit
  .command('verify')
  .description(
    'check the hash chain of the audit log; prints {ok, checked, first_broken_id?}, exit status 1 when broken',
  )
  .action(verifyAuditChain);
program
  .command('prune')
  .description(
    'delete audit events, registry tokens and sessions that ended longer ago than service.audit.retention_days now; prints the counts',
  )
  .action(pruneNow);

program.parseAsync().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`error: ${describe(error)}\n`);
    process.exit(1);
  },
);
