import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ServerEnvironment } from '../common/environment';
import { EventBus, RELAYED_EVENTS } from '../common/events';
import type { CommittedEvent, RelayedEventName } from '../common/events';
import { PublishesMetrics } from '../common/metrics-source';
import type { MetricsSource, SourcedMetric } from '../common/metrics-source';
import { RedisConnection } from './redis-connection';

/** One committed change as it travels between instances. */
interface Envelope {
  origin: string;
  name: RelayedEventName;
  event: Record<string, unknown>;
  /** Wall-clock milliseconds when it was published, for the lag metric. */
  sentAt: number;
}

/** How long start-up waits for the subscription before going on without it (it completes in the background). */
const SUBSCRIBE_WAIT_MS = 2000;

/**
 * Carries committed changes to the other instances over Redis pub/sub: after a commit here, the
 * change is published; a change another instance published is delivered to this instance's
 * after-commit listeners (caches evict, the policy snapshot and the config reload). Pub/sub keeps
 * nothing for an instance that is away: what it misses it catches up on through the TTLs of its
 * caches and the periodic reloads, so a lost message costs latency, never safety.
 */
@Injectable()
@PublishesMetrics()
export class EventRelay implements OnApplicationBootstrap, MetricsSource {
  private readonly logger = new Logger('EventRelay');
  /** This process's id on the channel: it ignores its own messages. */
  readonly instanceId = randomUUID();
  readonly channel: string;
  private readonly observers: ((name: RelayedEventName, lagMs: number) => void)[] = [];
  private readonly counts = { published: 0, received: 0, dropped: 0 };
  private lagSecondsSum = 0;
  private lastLagSeconds = 0;

  constructor(
    private readonly redis: RedisConnection,
    private readonly events: EventBus,
    env: ServerEnvironment,
  ) {
    this.channel = env.redisEventsChannel;
  }

  async onApplicationBootstrap(): Promise<void> {
    const subscriber = this.redis.subscriber();
    if (!subscriber) return;
    for (const name of RELAYED_EVENTS) this.events.onCommitted(name, (event) => this.publish(name, event));
    subscriber.on('message', (channel: string, text: string) => {
      if (channel === this.channel) void this.receive(text);
    });
    // The subscriber queues SUBSCRIBE until it is connected and renews it after every reconnect.
    const subscribed = subscriber.subscribe(this.channel).catch((error: Error) => {
      this.logger.warn(`Could not subscribe to ${this.channel}: ${error.message}`);
    });
    await Promise.race([subscribed, new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_WAIT_MS).unref())]);
  }

  /**
   * Called once each change from another instance has been applied here, with the time from its
   * publication (the publisher's wall clock to this one's): the metrics' event-bus lag.
   */
  onApplied(observer: (name: RelayedEventName, lagMs: number) => void): void {
    this.observers.push(observer);
  }

  metrics(): readonly SourcedMetric[] {
    return [
      {
        name: 'jam_event_bus_messages_total',
        help: 'Changes sent to or received from other instances over Redis, and those lost because Redis was down.',
        type: 'counter',
        labelNames: ['direction'],
        read: () => [
          { labels: { direction: 'published' }, value: this.counts.published },
          { labels: { direction: 'received' }, value: this.counts.received },
          { labels: { direction: 'dropped' }, value: this.counts.dropped },
        ],
      },
      {
        name: 'jam_event_bus_lag_seconds_sum',
        help: 'Seconds from publication on another instance to applied here, summed over received changes.',
        type: 'counter',
        read: () => this.lagSecondsSum,
      },
      {
        name: 'jam_event_bus_last_lag_seconds',
        help: 'Seconds the last change received from another instance took to be applied here.',
        type: 'gauge',
        read: () => this.lastLagSeconds,
      },
    ];
  }

  private async publish<K extends RelayedEventName>(name: K, event: CommittedEvent<K>): Promise<void> {
    // A change that came from another instance is not sent on again.
    if (event.origin !== undefined || !this.redis.client) return;
    const { origin: _origin, ...payload } = event as Record<string, unknown>;
    // Option values stay home: the receiver reads them from the database, and the channel carries ids only.
    delete payload.values;
    const envelope: Envelope = { origin: this.instanceId, name, event: payload, sentAt: Date.now() };
    try {
      await this.redis.client.publish(this.channel, JSON.stringify(envelope));
      this.counts.published += 1;
    } catch {
      // Redis is down (RedisConnection logs that once): other instances catch up through their TTLs.
      this.counts.dropped += 1;
    }
  }

  private async receive(text: string): Promise<void> {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      return;
    }
    if (envelope.origin === this.instanceId) return;
    if (!(RELAYED_EVENTS as readonly string[]).includes(envelope.name) || typeof envelope.event !== 'object') return;
    this.counts.received += 1;
    try {
      await this.events.deliverRemote(envelope.name, envelope.event, envelope.origin);
    } catch (error) {
      this.logger.error({ err: error }, `Applying ${envelope.name} from another instance failed`);
      return;
    }
    const measured = Math.max(Date.now() - Number(envelope.sentAt), 0);
    const lag = Number.isFinite(measured) ? measured : 0;
    this.lagSecondsSum += lag / 1000;
    this.lastLagSeconds = lag / 1000;
    for (const observe of this.observers) observe(envelope.name, lag);
  }
}
