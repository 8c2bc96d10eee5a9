import { collectDefaultMetrics, Registry } from 'prom-client';

let shared: Registry | undefined;

/**
 * prom-client's default metrics (CPU, memory, event loop lag, GC, handles) describe the process,
 * not an application: they are collected once per process into a registry of their own (not
 * prom-client's global one), which every application of the process publishes beside its own.
 * Collecting them per application would add a GC observer and an event-loop monitor for each,
 * never removed, in a process that starts several (the e2e tests).
 */
export function processRegistry(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
