// `npm run example:seed-002`: PORT (0 = any free port), HOST, RATE_LIMIT=<count>/<seconds>.
import { readSeedEnv } from '../shared/env.js';
import { serveSeed } from '../shared/serve.js';
import { createApp } from './app.js';

const env = readSeedEnv();
serveSeed(createApp({ rateLimit: env.rateLimit }), env);
