import { defineCatalog, parseErrorBody } from '../../../src/index.js';
import { type ErrataOptions, errata } from '../../../src/server/node/index.js';
import { startServer } from '../../helpers/server.js';
import { TYPE_BASE, thingNotFound } from '../fixtures.js';

export const catalog = defineCatalog({
  typeBase: TYPE_BASE,
  errors: {
    thing_not_found: thingNotFound,
  },
  roles: { internal_error: 'internal_error' },
});

export async function withApp(
  build: (app: ReturnType<typeof errata>) => void,
  options: ErrataOptions = {},
) {
  const app = errata({ catalog, format: 'envelope', ...options });
  build(app);
  return startServer(app);
}

export async function errorOf(res: Response) {
  const body = await res.text();
  return parseErrorBody({ status: res.status, headers: res.headers, body });
}
