import { parsedError } from '../formats/shared.js';
import { awsCode } from './aws.js';
import { safeId } from './headers.js';
import { elementText, SCAN } from './markup.js';
import type { ShapeParser } from './util.js';

/**
 * AWS XML errors: S3's `<Error><Code>NoSuchKey</Code><Message>…</Message><RequestId>…</RequestId>
 * </Error>`, the Query protocol's `<ErrorResponse><Error><Type/><Code/><Message/></Error>
 * <RequestId/></ErrorResponse>` and EC2's `<Response><Errors><Error>…</Error></Errors>
 * <RequestID/></Response>`. Found with `indexOf`, never a backtracking pattern.
 */
export const parseAwsXml: ShapeParser = (input) => {
  if (input.json !== undefined) return undefined;
  const head = input.text.slice(0, SCAN);
  const start = head.trimStart();
  if (
    !input.contentType.includes('xml') &&
    !start.startsWith('<?xml') &&
    !start.startsWith('<Error')
  )
    return undefined;
  if (!head.includes('<Error>') || !head.includes('<Code>')) return undefined;
  const code = elementText(head, head, 'Code');
  if (code === undefined) return undefined;
  const message = elementText(head, head, 'Message');
  return parsedError(input, 'aws', {
    code: awsCode(code),
    message,
    requestId: safeId(elementText(head, head, 'RequestId') ?? elementText(head, head, 'RequestID')),
  });
};
