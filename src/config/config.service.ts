import type { OnApplicationShutdown } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import type { EntityManager } from 'typeorm';
import type { Clock } from '../common/clock';
import { NotFoundError, ValidationFailedError } from '../common/errors';
import type { EventBus } from '../common/events';
import { CONFIG_CHANGED } from '../common/events';
import type { Transactions } from '../database/transactions';
import type { OptionKey, OptionValue } from './catalogue';
import { OPTION_KEYS, resolveKey, specOf } from './catalogue';
import { ConfigValue } from './config-value.entity';
import { formatConfigPress, parseConfigPress, REDACTED } from './configpress';
import type { ServerEnvironment } from '../common/environment';
import type { Layers, ResolvedOption, Source } from './layers';
import { readEnvironmentLayer, resolveLayers } from './layers';
import { parseOptionValue } from './values';

export interface OptionView {
  key: OptionKey;
  value: unknown;
  default: unknown;
  source: Source;
  description: string;
  secret: boolean;
}

/**
 * Checks a candidate configuration as a whole (e.g. that the signing key it names can be loaded).
 * It may read files, so it is async; it must never wait on anything a client controls.
 */
export type ConfigValidator = (candidate: ReadonlyMap<OptionKey, unknown>) => string[] | Promise<string[]>;
/** Awaited before the change that caused it is answered, so the next request sees its effect. */
export type ConfigListener = (changed: OptionKey[]) => void | Promise<void>;

/** Other instances' runtime changes are picked up at most this late. */
const RELOAD_INTERVAL_MS = 5000;

/** Built by ConfigModule's async factory, which calls load() first: no consumer ever sees an unloaded config. */
export class ConfigService implements OnApplicationShutdown {
  private readonly logger = new Logger('Config');
  private layers: Layers = { file: new Map(), env: new Map(), database: new Map() };
  private resolved = new Map<OptionKey, ResolvedOption>();
  private readonly validators: ConfigValidator[] = [];
  private readonly listeners: ConfigListener[] = [];
  private reloadTimer?: NodeJS.Timeout;

  constructor(
    private readonly env: ServerEnvironment,
    private readonly transactions: Transactions,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  async load(): Promise<void> {
    this.layers.file = this.readFileLayer();
    const fromEnv = readEnvironmentLayer(this.env.raw);
    if (fromEnv.errors.length)
      throw new Error(`Invalid configuration in the environment:\n${fromEnv.errors.join('\n')}`);
    this.layers.env = fromEnv.values;
    this.layers.database = await this.readDatabaseLayer(this.transactions.manager);
    this.resolved = resolveLayers(this.layers);
    this.reloadTimer = setInterval(() => void this.reloadFromDatabase(), RELOAD_INTERVAL_MS);
    this.reloadTimer.unref();
    // Another instance's change, relayed over Redis: read it now instead of at the next tick.
    this.events.onCommitted(CONFIG_CHANGED, (event) =>
      event.origin === undefined ? Promise.resolve() : this.reloadFromDatabase(),
    );
  }

  onApplicationShutdown(): void {
    clearInterval(this.reloadTimer);
  }

  get<K extends OptionKey>(key: K): OptionValue<K> {
    return this.resolved.get(key)!.value as OptionValue<K>;
  }

  addValidator(validator: ConfigValidator): void {
    this.validators.push(validator);
  }

  onChange(listener: ConfigListener): void {
    this.listeners.push(listener);
  }

  list(): OptionView[] {
    return OPTION_KEYS.map((key) => this.view(key));
  }

  view(name: string): OptionView {
    const key = this.keyOf(name);
    const spec = specOf(key);
    const { value, source } = this.resolved.get(key)!;
    const secret = spec.secret === true;
    return {
      key,
      value: secret && value !== '' ? REDACTED : value,
      default: spec.default,
      source,
      description: spec.description,
      secret,
    };
  }

  async set(name: string, raw: unknown, actorId: string | null): Promise<OptionView> {
    const key = this.keyOf(name);
    if (specOf(key).secret) throw new ValidationFailedError([{ field: 'value', message: secretNotStored(key) }]);
    const parsed = parseOptionValue(key, raw);
    if (!parsed.ok) throw new ValidationFailedError([{ field: 'value', message: parsed.message }]);
    await this.changeDatabaseLayer(actorId, (current) => new Map(current).set(key, parsed.value));
    return this.view(key);
  }

  async unset(name: string, actorId: string | null): Promise<OptionView> {
    const key = this.keyOf(name);
    await this.changeDatabaseLayer(actorId, (current) => {
      const next = new Map(current);
      next.delete(key);
      return next;
    });
    return this.view(key);
  }

  runtimeIni(): string {
    return formatConfigPress(
      OPTION_KEYS.filter((k) => this.layers.database.has(k)).map(
        (k) => [k, this.layers.database.get(k)] as [OptionKey, unknown],
      ),
    );
  }

  async replaceRuntimeIni(text: string, actorId: string | null): Promise<string> {
    const parsed = parseConfigPress(text);
    for (const [key, line] of parsed.lines) {
      if (specOf(key).secret) parsed.errors.push({ line, message: secretNotStored(key) });
    }
    parsed.errors.sort((a, b) => a.line - b.line);
    if (parsed.errors.length) {
      throw new ValidationFailedError(
        parsed.errors.map((e) => ({ field: `line ${e.line}`, message: e.message })),
        'The ConfigPress text has errors; nothing was changed.',
      );
    }
    await this.changeDatabaseLayer(actorId, () => parsed.values);
    return this.runtimeIni();
  }

  private keyOf(name: string): OptionKey {
    const key = resolveKey(name);
    if (!key) throw new ConfigOptionNotFoundError(name);
    return key;
  }

  /**
   * Reads the stored runtime layer under a lock, derives the next one, validates the whole
   * configuration that would result and writes the difference, all in one transaction: two
   * concurrent writers (here or on another instance) take turns and neither loses the other's change.
   */
  private async changeDatabaseLayer(
    actorId: string | null,
    change: (current: Map<OptionKey, unknown>) => Map<OptionKey, unknown>,
  ): Promise<void> {
    const next = await this.transactions.run(async (manager) => {
      const current = await this.readDatabaseLayer(manager, true);
      const next = change(current);
      const candidate = resolveLayers({ ...this.layers, database: next });
      const values = new Map([...candidate].map(([k, r]) => [k, r.value]));
      const errors: string[] = [];
      for (const validate of this.validators) errors.push(...(await validate(values)));
      if (errors.length)
        throw new ValidationFailedError(
          errors.map((message) => ({ field: 'value', message })),
          errors.join(' '),
        );

      const changed = OPTION_KEYS.filter((k) => JSON.stringify(current.get(k)) !== JSON.stringify(next.get(k)));
      for (const key of changed) {
        if (next.has(key)) {
          await manager.upsert(
            ConfigValue,
            { key, value: JSON.stringify(next.get(key)), updatedAt: this.clock.now(), updatedBy: actorId },
            ['key'],
          );
        } else {
          await manager.delete(ConfigValue, { key });
        }
      }
      if (changed.length) {
        await this.events.emit(CONFIG_CHANGED, {
          keys: changed,
          values: Object.fromEntries(changed.map((k) => [k, next.get(k) ?? null])),
          actorId,
          manager,
        });
      }
      return next;
    });
    await this.apply(next);
  }

  private async apply(database: Map<OptionKey, unknown>): Promise<void> {
    const before = this.resolved;
    this.layers.database = database;
    this.resolved = resolveLayers(this.layers);
    const changed = OPTION_KEYS.filter(
      (k) => JSON.stringify(before.get(k)!.value) !== JSON.stringify(this.resolved.get(k)!.value),
    );
    if (changed.length) for (const listener of this.listeners) await listener(changed);
  }

  private async reloadFromDatabase(): Promise<void> {
    try {
      const database = await this.readDatabaseLayer(this.transactions.manager);
      const same =
        database.size === this.layers.database.size &&
        [...database].every(([k, v]) => JSON.stringify(this.layers.database.get(k)) === JSON.stringify(v));
      if (!same) await this.apply(database);
    } catch (error) {
      this.logger.warn(`Could not reload runtime configuration: ${(error as Error).message}`);
    }
  }

  /** `forUpdate` locks the rows read (MySQL/MariaDB), so concurrent writers of the layer serialize. */
  private async readDatabaseLayer(manager: EntityManager, forUpdate = false): Promise<Map<OptionKey, unknown>> {
    const query = manager.createQueryBuilder(ConfigValue, 'c');
    if (forUpdate) this.transactions.lockForUpdate(query);
    const rows = await query.getMany();
    const values = new Map<OptionKey, unknown>();
    for (const row of rows) {
      const key = resolveKey(row.key);
      const parsed = key && !specOf(key).secret ? parseOptionValue(key, JSON.parse(row.value)) : undefined;
      // A stored value a newer catalogue no longer accepts, or a secret (never taken from the database), falls back to the lower layers.
      if (key && parsed?.ok) values.set(key, parsed.value);
      else this.logger.warn(`Ignoring stored option ${row.key}: not valid here`);
    }
    return values;
  }

  private readFileLayer(): Map<OptionKey, unknown> {
    const path = this.env.configPressFile;
    if (!path) return new Map();
    const parsed = parseConfigPress(readFileSync(path, 'utf8'));
    if (parsed.errors.length) {
      throw new Error(
        `Invalid ConfigPress file ${path}:\n${parsed.errors.map((e) => `  line ${e.line}: ${e.message}`).join('\n')}`,
      );
    }
    return parsed.values;
  }
}

/** Secrets stay out of the database: whoever reads a dump must not be able to sign tokens. */
function secretNotStored(key: OptionKey): string {
  return `${key} is a secret: set it in the environment or the ConfigPress file, it is never stored in the database`;
}

export class ConfigOptionNotFoundError extends NotFoundError {
  constructor(name: string) {
    super('Option', name);
  }
}
