/**
 * Short references claimed in one script call, on a real redis-server: a new one per holder, the
 * one a holder keeps, one a record knew from before, and a random candidate already taken, which
 * is tried again with another.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { after, before, test } from 'node:test';
import { createQueueConnection, quit } from '../src/queue/connection.js';
import { createShortRefs, type RefTarget } from '../src/store/short-refs.js';
import { startRedis, type TestRedis } from './fixtures/redis.js';

let redis: TestRedis;
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis.close();
});

const target = (text: string): RefTarget => ({
  text,
  places: [{ platform: 'slack', workspace: '', conversation: 'C0REFS' }],
});

test('claims: new, held, known, and a taken candidate tried again', async (t) => {
  const prefix = '{wxrefs}';
  const conn = createQueueConnection(redis.url, 'worker');
  t.after(() => quit(conn));
  const refs = createShortRefs(conn, { prefix });
  const holder = (n: number) => ({ key: `${prefix}:watch:h${n}`, field: 'r' });

  // The candidates drawn, in order, one per claim and round: the first is someone else's already.
  const drawn = [11_111_111, 22_222_222, 33_333_333, 66_666_666];
  const randomInt = crypto.randomInt;
  t.after(() => {
    crypto.randomInt = randomInt;
    syncBuiltinESMExports();
  });
  crypto.randomInt = (() =>
    drawn.shift() ?? randomInt(10_000_000, 100_000_000)) as typeof randomInt;
  syncBuiltinESMExports();
  await conn.set(`${prefix}:ref:W11111111`, JSON.stringify(target('someone else')));
  await conn.hset(holder(2).key, 'r', 'W44444444');

  const got = await refs.claim([
    { holder: holder(1), target: target('wx recheck one') },
    { holder: holder(2), target: target('wx recheck two') },
    { holder: holder(3), target: target('wx recheck three'), known: 'W55555555' },
  ]);
  // Holder 1 drew the taken W11111111 and got the next draw in a second round.
  assert.deepEqual(got, ['W66666666', 'W44444444', 'W55555555']);
  assert.equal(await conn.hget(holder(1).key, 'r'), 'W66666666');
  assert.equal(await conn.hget(holder(3).key, 'r'), 'W55555555');
  const from = { platform: 'slack' as const, workspace: 'T1', conversation: 'C0REFS' };
  assert.equal((await refs.resolve('#W66666666', from))?.text, 'wx recheck one');
  assert.equal(await refs.resolve('W22222222', from, { admin: true }), null, 'drawn, not taken');
  assert.equal((await refs.resolve('#W11111111', from, { admin: true }))?.text, 'someone else');
  // Kept and known references point at their holders' targets now.
  assert.equal((await refs.resolve('W44444444', from))?.text, 'wx recheck two');
  assert.equal((await refs.resolve('W55555555', from))?.text, 'wx recheck three');
});
