import { describe, expect, it } from 'vitest';
import { describeAgent } from './sessions.page';

describe('describeAgent', () => {
  it('names browser and system in words', () => {
    expect(describeAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36')).toBe(
      'Chrome · Linux',
    );
    expect(describeAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36 Edg/140.0')).toBe(
      'Edge · Windows',
    );
    expect(
      describeAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile Safari/604.1'),
    ).toBe('Safari · iOS');
    expect(describeAgent('Mozilla/5.0 (Windows NT 10.0) Firefox/140.0')).toBe('Firefox · Windows');
  });

  it('gives the start of an unknown agent, and nothing for none', () => {
    expect(describeAgent('curl/8.5.0')).toBe('curl/8.5.0');
    expect(describeAgent(null)).toBeNull();
  });
});
