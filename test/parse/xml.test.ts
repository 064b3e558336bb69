import { describe, expect, it } from 'vitest';
import { xmlTree } from '../../src/parse/xml.js';
import { parseText } from './support.js';

describe('xmlTree', () => {
  it('reads text, maps and lists as JSON would have them', () => {
    expect(
      xmlTree(
        '<?xml version="1.0"?><!-- c --><Response><Errors><Error><Code>A</Code></Error></Errors><RequestID>r1</RequestID></Response>',
      ),
    ).toEqual({ Response: { Errors: [{ Code: 'A' }], RequestID: 'r1' } });
    expect(
      xmlTree(
        '<r><errors><errors type="array"><error><code>1</code></error></errors></errors><m>a &amp; <![CDATA[<b>]]></m><e/></r>',
      ),
    ).toEqual({ r: { errors: [{ code: '1' }], m: 'a & <b>', e: '' } });
  });

  it('keeps a __proto__ element a member and takes the first of repeated mixed names', () => {
    const tree = xmlTree(
      '<r><__proto__><polluted>1</polluted></__proto__><a>1</a><a>2</a><b/></r>',
    );
    expect(Object.getPrototypeOf(tree?.r)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(tree?.r ?? {})).toEqual(['__proto__', 'a', 'b']);
  });

  it('refuses what is not one well-nested document, or too big to be an error body', () => {
    for (const text of ['<a><b></a></b>', '<a>', '<a></a><b></b>', 'text', '<a><!-- open', '<>']) {
      expect(xmlTree(text)).toBeUndefined();
    }
    expect(xmlTree(`${'<a>'.repeat(40)}${'</a>'.repeat(40)}`)).toBeUndefined();
    expect(xmlTree(`<r>${'<i/>'.repeat(5000)}</r>`)).toBeUndefined();
  });
});

describe('XML error documents', () => {
  it('Braintree: the summary is the message, the first nested error has the code', () => {
    const e = parseText(
      422,
      '<api-error-response><message>Validation failed</message><errors><errors type="array"><error><code>81234</code><message>Field is required</message></error></errors></errors></api-error-response>',
      'application/xml',
    );
    expect(e.format).toBe('xml');
    expect(e.code).toBe('81234');
    expect(e.message).toBe('Validation failed');
  });

  it('API Gateway: the root element is the code', () => {
    const e = parseText(
      403,
      '<MissingAuthenticationTokenException>\n  <Message>Missing Authentication Token</Message>\n</MissingAuthenticationTokenException>',
      'application/xml',
    );
    expect(e.code).toBe('MissingAuthenticationTokenException');
    expect(e.message).toBe('Missing Authentication Token');
  });

  it('Azure Storage (with a byte-order mark): the request id inside the message, the parameter', () => {
    const e = parseText(
      400,
      '\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>InvalidQueryParameterValue</Code><Message>Value is invalid.\nRequestId:42a48a49-201e-0092-3770-a7ea70000000\nTime:2024-05-16T09:04:16Z</Message><QueryParameterName>popreceipt</QueryParameterName></Error>',
      'application/xml',
    );
    expect(e.format).toBe('aws');
    expect(e.code).toBe('InvalidQueryParameterValue');
    expect(e.requestId).toBe('42a48a49-201e-0092-3770-a7ea70000000');
    expect(e.fields?.map((f) => f.path)).toEqual([['popreceipt']]);
  });

  it('an XML page under an HTML type is HTML, and broken XML is text', () => {
    expect(parseText(500, '<html><title>Oops</title></html>', 'text/html').format).toBe('html');
    expect(parseText(500, '<?xml version="1.0"?><a><b>x</a>', 'application/xml').format).toBe(
      'text',
    );
  });
});
