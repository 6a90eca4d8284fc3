import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** `wxdoctor/<version>`, the version read from the project's package.json. */
export function userAgent(): string {
  cached ??= `wxdoctor/${packageVersion()}`;
  return cached;
}

function packageVersion(): string {
  // This file runs from src/probes/http or dist/src/probes/http: walk up to the package root.
  let dir = new URL('.', import.meta.url);
  for (let depth = 0; depth < 6; depth++) {
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
}
