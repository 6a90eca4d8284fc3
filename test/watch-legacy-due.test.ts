import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LEGACY_EVERY_MS, legacyDue } from '../src/watch/legacy-due.js';

test('the legacy hello of a watch: first check, daily, and after a certificate change', () => {
  const t0 = 1_800_000_000_000;
  const mark = { at: t0, fingerprint256: 'AA' };
  assert.equal(legacyDue(null, null, t0), true, 'never asked');
  assert.equal(legacyDue(mark, 'AA', t0 + 60_000), false, 'same leaf, same day');
  assert.equal(legacyDue(mark, null, t0 + 60_000), false, 'leaf unknown (unreachable)');
  assert.equal(legacyDue(mark, 'BB', t0 + 60_000), true, 'the certificate changed');
  assert.equal(legacyDue(mark, 'AA', t0 + LEGACY_EVERY_MS), true, 'a day on');
});
