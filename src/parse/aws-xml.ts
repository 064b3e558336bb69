import type { ApiError } from '../api-error.js';
import { isObject, parsedError } from '../formats/shared.js';
import type { ShapeInput } from '../formats/types.js';
import { awsCode } from './aws.js';
import { enrich } from './generic/enrich.js';
import { safeId } from './headers.js';
import { elementText, SCAN } from './markup.js';
import type { ShapeParser } from './util.js';
import { xmlTree } from './xml.js';

/** Whether a body is an XML document (not an HTML page): by content type or its first bytes. */
function isXml(contentType: string, start: string): boolean {
  if (contentType.includes('html')) return false;
  if (contentType.includes('xml')) return true;
  return start.startsWith('<?xml') || start.startsWith('<Error');
}

/**
 * XML error documents. AWS first, found with `indexOf`: S3's `<Error><Code>NoSuchKey</Code>
 * <Message>…</Message><RequestId>…</RequestId></Error>`, the Query protocol's
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`, EC2's
 * `<Response><Errors><Error>…</Error></Errors><RequestID/></Response>`. Any XML document is then
 * read as the JSON the same API would send (`xmlTree`) by the generic recogniser, which fills what
 * AWS's reading left out (Azure Storage's request id inside its message) or reads the document
 * alone (Braintree's `<api-error-response>`, API Gateway's `<MissingAuthenticationTokenException>`).
 */
export const parseAwsXml: ShapeParser = (input) => {
  if (input.json !== undefined) return undefined;
  const head = input.text.slice(0, SCAN);
  const start = head.trimStart().replace(/^\uFEFF/, '');
  if (!isXml(input.contentType, start)) return undefined;
  const tree = xmlTree(start);
  const aws = awsError(input, head);
  if (tree === undefined) return aws;
  const [rootName = '', root] = Object.entries(tree)[0] ?? [];
  if (!isObject(root)) return aws;
  const treeInput: ShapeInput = { ...input, json: root };
  if (aws !== undefined) return enrich(aws, treeInput);
  const error = enrich(parsedError(input, 'xml', {}), treeInput);
  // API Gateway names the error by its root element: `<MissingAuthenticationTokenException>`.
  if (error.code === parsedError(input, 'xml', {}).code && /.(Exception|Fault)$/.test(rootName)) {
    return enrich(parsedError(input, 'xml', { code: rootName }), treeInput);
  }
  return error;
};

function awsError(input: ShapeInput, head: string): ApiError | undefined {
  if (!head.includes('<Error>') || !head.includes('<Code>')) return undefined;
  const code = elementText(head, head, 'Code');
  if (code === undefined) return undefined;
  const message = elementText(head, head, 'Message');
  return parsedError(input, 'aws', {
    code: awsCode(code),
    message,
    requestId: safeId(elementText(head, head, 'RequestId') ?? elementText(head, head, 'RequestID')),
  });
}
