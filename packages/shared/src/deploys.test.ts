import { describe, expect, it } from 'vitest';
import { deployShipped, shortSha } from './deploys.js';

const deploy = { service: 'api', version: '4.3.7', sha: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432' };

describe('deployShipped', () => {
  it('matches the release names error trackers use: service@version, service@sha and a bare sha', () => {
    for (const release of ['api@4.3.7', 'api@v4.3.7', 'api@9f8e7d6', 'api@9F8E7D6C5B4A', '9f8e7d6c5b4a3928'])
      expect(deployShipped(deploy, release), release).toBe(true);
  });

  it('refuses another service, another version, a sha too short to be sure, and a bare version', () => {
    for (const release of ['web@4.3.7', 'api@4.3.8', 'api@9f8e7d', '9f8e7d', '4.3.7', 'api@', '@4.3.7'])
      expect(deployShipped(deploy, release), release).toBe(false);
  });
});

describe('shortSha', () => {
  it('reads a commit as its first seven characters, and an unknown one as nothing', () => {
    expect(shortSha(deploy.sha)).toBe('9f8e7d6');
    expect(shortSha(null)).toBe('');
  });
});
