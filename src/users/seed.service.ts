import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ServerEnvironment } from '../common/environment';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { generateAdminPassword } from './admin-password';
import { DuplicateUserError } from './errors';
import { Role } from './role.entity';
import { ADMINISTRATOR_ROLE, UsersService } from './users.service';

function ignoreUniqueViolation(error: unknown): void {
  if (!isUniqueViolation(error)) throw error;
}

/** First start: the administrator role and account (the CLI: the role only). Later starts change nothing. */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly users: UsersService,
    private readonly transactions: Transactions,
    private readonly env: ServerEnvironment,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Instances starting together on one empty database race here; the loser's insert hits the
    // unique key and it simply finds the winner's rows.
    await this.transactions
      .run(async (manager) => {
        if (await manager.exists(Role, { where: { slug: ADMINISTRATOR_ROLE } })) return;
        const now = this.clock.now();
        await manager.insert(Role, {
          slug: ADMINISTRATOR_ROLE,
          name: 'Administrator',
          description: 'Full access to every resource.',
          createdAt: now,
          updatedAt: now,
        });
      })
      .catch(ignoreUniqueViolation);
    if (!this.env.seedsAdministrator || (await this.users.countAll()) > 0) return;

    const password = this.env.adminPassword ?? generateAdminPassword();
    try {
      await this.users.createSeed(this.env.adminUsername, password, [ADMINISTRATOR_ROLE]);
    } catch (error) {
      if (error instanceof DuplicateUserError) return;
      throw error;
    }
    if (this.env.adminPassword) {
      const weak = this.users.weaknessesOf(password, this.env.adminUsername, '');
      if (weak.length) this.logger.warn(`ADMIN_PASSWORD is weak (${weak.join('; ')}); change it after the first login`);
      this.logger.log(`Created administrator '${this.env.adminUsername}' with the password from ADMIN_PASSWORD`);
    } else {
      // Shown once, on the first start only: the operator's one chance to log in. The logger
      // recognises this shape and shows it whatever the log level, framed on a terminal.
      this.logger.warn({ generatedAdministrator: { username: this.env.adminUsername, password } });
    }
  }
}
