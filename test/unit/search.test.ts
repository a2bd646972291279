import { describe, expect, it } from 'vitest';
import { escapeLucene } from '../../src/operations/search.js';

describe('search text', () => {
  it('escapes every Lucene special character', () => {
    expect(escapeLucene('a+b-c&&d||e!f(g)h{i}j[k]l^m"n~o*p?q:r\\s/t')).toBe(
      'a\\+b\\-c\\&\\&d\\|\\|e\\!f\\(g\\)h\\{i\\}j\\[k\\]l\\^m\\"n\\~o\\*p\\?q\\:r\\\\s\\/t',
    );
    expect(escapeLucene('x AND y OR NOT z')).toBe('x and y or not z');
  });
});
