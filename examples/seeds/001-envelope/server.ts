// `npm run example:seed-001`: seed 001 on PORT (0 = any free port) and HOST; RATE_LIMIT=N/SECONDS
// limits every client IP and adds X-RateLimit-* to every response.
import { readSeedEnv } from '../shared/env.js';
import { serveSeed } from '../shared/serve.js';
import { createApp } from './app.js';

const env = readSeedEnv();
serveSeed(createApp({ rateLimit: env.rateLimit }), env);
