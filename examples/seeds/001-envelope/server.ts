// `npm run example:seed-001`: seed 001 on PORT (0 = any free port) and HOST. Every client IP is
// limited, and every response carries X-RateLimit-*: RATE_LIMIT=N/SECONDS sets the limit, which
// is otherwise the app's generous DEFAULT_RATE_LIMIT (1000 per 60 seconds).
import { readSeedEnv } from '../shared/env.js';
import { serveSeed } from '../shared/serve.js';
import { createApp } from './app.js';

const env = readSeedEnv();
serveSeed(createApp({ rateLimit: env.rateLimit }), env);
