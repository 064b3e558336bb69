import { describe, expect, it } from 'vitest';
import { awsCode } from '../../src/parse/aws.js';
import { parseJson, parseText } from './support.js';

describe('aws: JSON', () => {
  it('reads awsJson { __type, message } with the namespace stripped', () => {
    const e = parseJson(
      400,
      {
        __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
        message: 'Requested resource not found: Table: orders not found',
      },
      { 'x-amzn-requestid': 'Q3B5UJ0N9V1RKP6EJ1G4A2TD0KVV4KQNSO5AEMVJF66Q9ASUAAJG' },
    );
    expect(e.format).toBe('aws');
    expect(e.code).toBe('ResourceNotFoundException');
    expect(e.message).toBe('Requested resource not found: Table: orders not found');
    expect(e.requestId).toBe('Q3B5UJ0N9V1RKP6EJ1G4A2TD0KVV4KQNSO5AEMVJF66Q9ASUAAJG');
  });

  it('reads a restJson { message } with the X-Amzn-ErrorType header', () => {
    const e = parseJson(
      429,
      { message: 'Rate exceeded' },
      {
        'x-amzn-errortype':
          'ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/',
        'retry-after': '2',
      },
    );
    expect(e.format).toBe('aws');
    expect(e.code).toBe('ThrottlingException');
    expect(e.retryAfter).toBe(2);
  });

  it('reads capitalised { Code, Message, RequestId }', () => {
    const e = parseJson(403, { Code: 'AccessDenied', Message: 'Access Denied', RequestId: 'REQ9' });
    expect(e.format).toBe('aws');
    expect(e.code).toBe('AccessDenied');
    expect(e.message).toBe('Access Denied');
    expect(e.requestId).toBe('REQ9');
  });

  it('awsCode', () => {
    expect(awsCode('aws.protocoltests.restjson#FooError:http://x')).toBe('FooError');
    expect(awsCode('ValidationException')).toBe('ValidationException');
    expect(awsCode('ns#')).toBeUndefined();
  });
});

describe('aws: XML', () => {
  it("reads S3's <Error>", () => {
    const e = parseText(
      404,
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>reports/2024.csv</Key><RequestId>4442587FB7D0A2F9</RequestId><HostId>vX8Z5w==</HostId></Error>',
      'application/xml',
    );
    expect(e.format).toBe('aws');
    expect(e.code).toBe('NoSuchKey');
    expect(e.message).toBe('The specified key does not exist.');
    expect(e.requestId).toBe('4442587FB7D0A2F9');
  });

  it('reads the Query protocol ErrorResponse with entities', () => {
    const e = parseText(
      400,
      '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <Error>\n    <Type>Sender</Type>\n    <Code>ValidationError</Code>\n    <Message>1 validation error: &apos;roleArn&apos; &lt;= 20 chars</Message>\n  </Error>\n  <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>\n</ErrorResponse>',
      'text/xml',
    );
    expect(e.code).toBe('ValidationError');
    expect(e.message).toBe("1 validation error: 'roleArn' <= 20 chars");
    expect(e.requestId).toBe('c6104cbe-af31-11e0-8154-cbc7ccf896c7');
  });

  it("reads EC2's Response/Errors with RequestID", () => {
    const e = parseText(
      400,
      '<?xml version="1.0"?><Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance ID i-1a2b does not exist</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>',
      '',
    );
    expect(e.format).toBe('aws');
    expect(e.code).toBe('InvalidInstanceID.NotFound');
    expect(e.requestId).toBe('ea966190-f9aa-478e-9ede-example');
  });

  it('other XML is read like the JSON the API would send', () => {
    const e = parseText(
      500,
      '<?xml version="1.0"?><fault><reason>Database down</reason></fault>',
      'application/xml',
    );
    expect(e.format).toBe('xml');
    expect(e.message).toBe('Database down');
  });
});
