import { describe, expect, it } from 'vitest';
import {
  compileSimpleMessage,
  MessageSyntaxError,
  messageArguments,
} from '../../src/i18n/message-template.js';

describe('messageArguments', () => {
  it('names plain arguments, first use first, once each', () => {
    expect(messageArguments('{a} and {b} and {a}')).toEqual({ names: ['a', 'b'], simple: true });
    expect(messageArguments('no arguments')).toEqual({ names: [], simple: true });
    expect(messageArguments('{ spaced }')).toEqual({ names: ['spaced'], simple: true });
  });

  it('reads arguments inside plural and select branches, and calls them not simple', () => {
    expect(
      messageArguments('{count, plural, one {# key of {owner}} other {# keys of {owner}}}'),
    ).toEqual({ names: ['count', 'owner'], simple: false });
    expect(
      messageArguments('{g, select, female {{n, plural, =0 {none} other {# of {x}}}} other {y}}'),
    ).toEqual({ names: ['g', 'n', 'x'], simple: false });
    expect(messageArguments('{n, plural, offset:1 one {#} other {#}}').names).toEqual(['n']);
    expect(messageArguments('{n, number, ::currency/EUR} {d, date, short}')).toEqual({
      names: ['n', 'd'],
      simple: false,
    });
  });

  it('takes quoted braces as text, and # as text outside a plural', () => {
    expect(messageArguments("'{not}' an argument, '#' and # stay, it''s {x}")).toEqual({
      names: ['x'],
      simple: true,
    });
    expect(messageArguments("{n, plural, other {'#' '{x}'}}").names).toEqual(['n']);
  });

  it.each([
    ['{', 'unclosed argument'],
    ['{}', 'empty name'],
    ['}', 'stray closing brace'],
    ['{a b}', 'name with a space'],
    ['{n, plural, }', 'plural without branches'],
    ['{n, plural, one {x}', 'plural not closed'],
    ['{n, plural, one x}', 'branch without a message'],
    ['{n, number, ::x', 'style not closed'],
    ['{n,}', 'empty type'],
  ])('refuses %j (%s)', (text) => {
    expect(() => messageArguments(text)).toThrow(MessageSyntaxError);
  });
});

describe('compileSimpleMessage', () => {
  it('fills arguments with String(value) and keeps ICU quoting', () => {
    const fill = compileSimpleMessage("Das Geheimnis ''{name}'' ist {n} Tage alt; '{literal}'");
    expect(fill({ name: 'db', n: 3 })).toBe("Das Geheimnis 'db' ist 3 Tage alt; {literal}");
    expect(compileSimpleMessage('plain')({})).toBe('plain');
    expect(compileSimpleMessage("it's # {x}")({ x: true })).toBe("it's # true");
  });

  it('throws for a missing value, so the caller can fall back', () => {
    const fill = compileSimpleMessage('{a}-{b}');
    expect(() => fill({ a: 1 })).toThrow(RangeError);
    expect(() => fill({ a: 1, b: null })).toThrow(RangeError);
  });

  it('refuses a message that needs a MessageFormat library', () => {
    expect(() => compileSimpleMessage('{n, plural, other {#}}')).toThrow(MessageSyntaxError);
  });
});
