// `npm run example:seed-003`: seed 003 on PORT (0 = any free port) and HOST; RATE_LIMIT=N/SECONDS
// limits every client IP, with X-RateLimit-* on every response and the delay in 429 bodies.
import { readSeedEnv } from '../shared/env.js';
import { serveSeed } from '../shared/serve.js';
import { createApp } from './app.js';

const env = readSeedEnv();
serveSeed(createApp({ rateLimit: env.rateLimit }), env);
