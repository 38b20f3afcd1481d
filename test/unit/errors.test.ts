import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/cli/exit-codes.js';
import { ERROR_CODES, errorKind, SertagError } from '../../src/errors.js';

describe('error codes', () => {
  it('are one closed list, each of one kind; the CLI maps kinds to exit codes', () => {
    const all = Object.values(ERROR_CODES).flat();
    expect(new Set(all).size).toBe(all.length);
    expect(errorKind('USAGE')).toBe('usage');
    expect(errorKind('YAML_BAD_INDENT')).toBe('source');
    expect(exitCodeOf(new SertagError('UNKNOWN_PROFILE', 'x'))).toBe(2);
    expect(exitCodeOf(new SertagError('INVALID_DATA', 'x'))).toBe(1);
    expect(exitCodeOf(new SertagError('INVALID_SOURCES', 'x'))).toBe(1);
  });
});
