import { isObject, parsedError, str } from '../formats/shared.js';
import type { ShapeParser } from './util.js';

/**
 * AWS JSON errors: `{ __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
 * message }` (awsJson protocols), `{ message }` with an `X-Amzn-ErrorType` header (restJson), and
 * the capitalised `{ Code, Message, RequestId? }` some services (and AWS-style clouds) send.
 */
export const parseAws: ShapeParser = (input) => {
  const body = input.json;
  if (!isObject(body)) return undefined;
  const type = str(body.__type);
  const header = input.headers['x-amzn-errortype'];
  const upper = str(body.Code);
  if (type === undefined && upper === undefined && header === undefined) return undefined;
  const message = str(body.message) ?? str(body.Message) ?? str(body.errorMessage);
  if (type === undefined && message === undefined) return undefined;
  const code = awsCode(type ?? upper ?? header ?? '');
  return parsedError(input, 'aws', {
    code,
    message,
    requestId: str(body.RequestId) ?? str(body.requestId),
  });
};

/**
 * `aws.protocoltests#FooError`, `FooError:http://internal.amazon.com/…` -> `FooError`: the shape
 * name, without its namespace or the URI some services append.
 */
export function awsCode(raw: string): string | undefined {
  const hash = raw.lastIndexOf('#');
  let code = hash === -1 ? raw : raw.slice(hash + 1);
  const colon = code.indexOf(':');
  if (colon !== -1) code = code.slice(0, colon);
  code = code.trim();
  return code === '' || code.length > 200 ? undefined : code;
}
