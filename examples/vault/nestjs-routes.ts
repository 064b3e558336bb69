// The Nest vault's platform helpers (Express or Fastify replies) and its debug routes.
import type { ServerResponse } from 'node:http';
import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { Response as ExpressResponse } from 'express';
import type { FastifyReply } from 'fastify';
import { ErrataFormat } from '../../src/server/nestjs/index.js';
import { CRASH_MESSAGE, PINNED_FORMAT, type VaultReply, type VaultService } from './service.js';

/** A platform response as the routes get it with `@Res()`. */
export type PlatformResponse = ExpressResponse | FastifyReply;

/** Injection tokens of the vault's providers. */
export const VAULT = Symbol('vault');
export const VERSIONS = Symbol('vault.versions');
export const RATE_LIMIT = Symbol('vault.rateLimit');

function isFastify(res: PlatformResponse): res is FastifyReply {
  return 'raw' in res && typeof (res as FastifyReply).code === 'function';
}

/** Send a VaultService reply the platform's way. */
export function reply(res: PlatformResponse, { status, body, headers }: VaultReply): void {
  if (isFastify(res)) {
    res
      .code(status)
      .headers(headers)
      .send(body ?? null);
    return;
  }
  res.status(status).set(headers);
  if (body === undefined) res.end();
  else res.json(body);
}

/** Set a response header the platform's way. */
export function setHeader(res: PlatformResponse, name: string, value: string): void {
  if (isFastify(res)) res.header(name, value);
  else res.set(name, value);
}

/** The node:http response under the platform's. */
export function rawOf(res: PlatformResponse): ServerResponse {
  return isFastify(res) ? res.raw : res;
}

/** Routes that fail on purpose, to show (and test) what clients see when things go wrong. */
@Controller('v1/debug')
export class DebugController {
  constructor(@Inject(VAULT) private readonly vault: VaultService) {}

  @Get('crash')
  crash(): never {
    return this.vault.crash();
  }

  @Get('crash-hostile')
  crashHostile(): never {
    return this.vault.crashHostile();
  }

  @Get('crash-async')
  async crashAsync(): Promise<never> {
    await new Promise((resolve) => setImmediate(resolve));
    throw new Error(CRASH_MESSAGE);
  }

  @Get('stream-crash')
  streamCrash(@Res() res: PlatformResponse): never {
    // The response has started: the error can only cut the connection, never reach the body.
    const raw = rawOf(res);
    raw.writeHead(200, { 'content-type': 'text/plain' });
    raw.write('partial ');
    throw new Error(CRASH_MESSAGE);
  }

  @Get('pinned')
  @ErrataFormat(PINNED_FORMAT)
  pinned(@Res() res: PlatformResponse): void {
    reply(res, this.vault.read('pinned'));
  }

  @Get('headers-then-fail')
  headersThenFail(@Res() res: PlatformResponse): never {
    return this.vault.headersThenFail((name, value) => setHeader(res, name, value));
  }

  @Get('status-error/:kind')
  statusError(@Param('kind') kind: string): never {
    return this.vault.statusError(kind);
  }
}
