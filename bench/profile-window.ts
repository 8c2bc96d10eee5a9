import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/**
 * Preloaded into the server (`node -r ts-node/register/transpile-only -r ./bench/profile-window.ts
 * dist/main.js`), records a CPU profile of a window of its life: PROFILE_DELAY_MS after start
 * (time to start, log in and warm up the load), for PROFILE_MS, written to PROFILE_OUT.
 * `node --cpu-prof` writes its profile only on a normal exit, and the server's shutdown hooks end
 * it by re-raising the signal, so the profile would never be written; this also leaves start-up out.
 * Summarise the file with bench/cpu-profile.ts.
 */
const delay = Number(process.env.PROFILE_DELAY_MS ?? 20_000);
const length = Number(process.env.PROFILE_MS ?? 10_000);
const out = process.env.PROFILE_OUT ?? 'server.cpuprofile';
const session = new Session();
session.connect();
session.post('Profiler.enable', () => {
  setTimeout(() => {
    session.post('Profiler.start', () => {
      setTimeout(() => {
        session.post('Profiler.stop', (error, result) => {
          if (error) console.error(error);
          else writeFileSync(out, JSON.stringify(result.profile));
        });
      }, length).unref();
    });
  }, delay).unref();
});
