import { readFileSync } from 'node:fs';
import { userAgent } from '../probes/http/user-agent.js';

/** The package version, from package.json at the package root (found from src/ or dist/src/). */
export const version: string = (() => {
  let dir = new URL('.', import.meta.url);
  for (let depth = 0; depth < 4; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'wxdoctor' && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level
    }
    dir = new URL('..', dir);
  }
  return '0.0.0';
})();

/** What every request of ours says it is: `wxdoctor/<version>` (probes get it through ctx). */
export const USER_AGENT: string = userAgent(version);
