/**
 * Attack (issue 15, item 7): DTDs in WeCom XML. `<!DOCTYPE` typed as a message is just text and
 * is answered; a DTD in the envelope's or the decrypted message's markup is refused, and one that
 * reached the parser would expand nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseWecomXml, readXml } from '../../src/chat/wecom/xml.js';
import { queryString, request, seal, xmlEnvelope } from '../fixtures/wecom.js';
import { APP, APP_PATH, appReplyContent, nowS, useSecurityFront } from '../fixtures/wecom-front.js';

const front = useSecurityFront();

describe('attack: DTDs in WeCom XML', () => {
  test('a message whose text is `<!DOCTYPE x>` is accepted and answered', async () => {
    const content = appReplyContent(await front.post(APP_PATH, front.appText('<!DOCTYPE x>')));
    assert.match(content, /did not parse/);
  });

  test('entities in the user text are kept as typed, never expanded', () => {
    const typed = '<!DOCTYPE x [<!ENTITY a "AAAAAAAAAA">]>&a;&a;';
    const xml = `<xml><Content><![CDATA[${typed}]]></Content></xml>`;
    assert.equal(parseWecomXml(xml, 'message').Content, typed);
    assert.throws(() => parseWecomXml(xml, 'envelope'), /not accepted/);
  });

  test('a DTD that reaches the parser expands nothing: a billion laughs stays one word', () => {
    const lol = [
      '<!DOCTYPE lolz [<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
      ']><xml><Content>&lol9;</Content></xml>',
    ].join('');
    assert.deepEqual(readXml(lol), { Content: '&lol9;' });
    assert.throws(
      () => readXml('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><C>&e;</C></xml>'),
      /External entities/,
    );
  });

  test('a DTD in the markup is still refused, in the envelope and in the decrypted message', async () => {
    const dtd = '<!DOCTYPE xml [<!ENTITY a "AAAAAAAAAA">]>';
    const hidden = '<!-- <![CDATA[ -->';
    for (const xml of [
      `${dtd}<xml><Content>&a;</Content></xml>`,
      `<xml>${hidden}${dtd}<Content>&a;</Content><!-- ]]> --></xml>`,
      `<xml><Content><![CDATA[x]]></Content><!ENTITY b "b"></xml>`,
    ]) {
      assert.throws(() => parseWecomXml(xml), /not accepted/, xml);
    }
    const inner = `${dtd}<xml><ToUserName>${APP.corpId}</ToUserName><FromUserName>zhangsan</FromUserName><CreateTime>${nowS()}</CreateTime><MsgType>text</MsgType><Content>&a;</Content><MsgId>${9_100_000_000 + front.nextId()}</MsgId></xml>`;
    assert.equal((await front.post(APP_PATH, inner)).status, 400);
    const { query, encrypted } = seal(APP, front.appText('wx help'), { timestamp: nowS() });
    const envelope = `${dtd}${xmlEnvelope(APP.corpId, encrypted)}`;
    const outer = await request(
      front.port,
      'POST',
      `${APP_PATH}?${queryString({ ...query })}`,
      envelope,
    );
    assert.equal(outer.status, 400);
  });
});
