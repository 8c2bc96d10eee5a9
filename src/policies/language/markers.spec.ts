import { conditionHolds as holds, context } from './testing';
import type { PolicyContext } from './types';

const env = { APP_REGION: 'eu-west' };
const config = { 'service.jwt.registry_size': 10 };

describe('markers', () => {
  it.each<[string, unknown, Partial<PolicyContext>, boolean]>([
    ['USER.id', { Equals: { '${USER.id}': 'u1' } }, {}, true],
    ['USER.username', { Equals: { '${USER.username}': 'jane' } }, {}, true],
    ['USER.email', { Equals: { '${USER.email}': 'jane@example.com' } }, {}, true],
    ['USER.roles is a list', { In: { editor: '${USER.roles}' } }, {}, true],
    ['USER.ip', { Equals: { '${USER.ip}': '10.1.2.3' } }, {}, true],
    ['USER.authenticated', { Equals: { '${USER.authenticated}': true } }, {}, true],
    ['JWT claim', { Equals: { '${JWT.token_use}': 'access' } }, {}, true],
    ['JWT nested claim', { Equals: { '${JWT.org.unit}': 'ops' } }, { jwt: { org: { unit: 'ops' } } }, true],
    ['DATETIME with a format', { Equals: { '${DATETIME.Y-m-d}': '2026-12-02' } }, {}, true],
    ['DATETIME time of day', { Equals: { '${DATETIME.H:i:s}': '09:30:00' } }, {}, true],
    ['DATETIME weekday', { Equals: { '${DATETIME.D}': 'Wed', '${DATETIME.N}': '3' } }, {}, true],
    ['DATETIME is UTC', { Equals: { '${DATETIME.G}': '23' } }, { now: new Date('2026-12-02T23:59:00Z') }, true],
    ['HTTP_GET', { Equals: { '${HTTP_GET.view}': 'full' } }, { query: { view: 'full' } }, true],
    [
      'HTTP_HEADER, any case',
      { Equals: { '${HTTP_HEADER.X-Tenant}': 'acme' } },
      { headers: { 'x-tenant': 'acme' } },
      true,
    ],
    ['ENV on the allow-list', { Equals: { '${ENV.APP_REGION}': 'eu-west' } }, { env }, true],
    ['CONFIG', { Equals: { '${CONFIG.service.jwt.registry_size}': 10 } }, { config }, true],
    ['PARAM', { Equals: { '${PARAM.id}': '${USER.id}' } }, { params: { id: 'u1' } }, true],
    ['PARAM of another user', { Equals: { '${PARAM.id}': '${USER.id}' } }, { params: { id: 'u2' } }, false],
    ['markers inside text', { Equals: { '${USER.username}/${JWT.dept}': 'jane/security' } }, {}, true],
    ['a marker on the right side', { Equals: { '${JWT.sub}': '${USER.id}' } }, {}, true],
  ])('%s', (_, condition, overrides, expected) => {
    expect(holds(condition, overrides)).toBe(expected);
  });
});

describe('an unresolvable marker is null, never an error', () => {
  it.each<[string, unknown, Partial<PolicyContext>, boolean]>([
    ['a missing claim equals (*null)', { Equals: { '${JWT.missing}': '(*null)' } }, {}, true],
    ['a missing claim equals nothing else', { Equals: { '${JWT.missing}': '' } }, {}, false],
    ['text with a missing marker is null, not partial text', { Equals: { 'x-${JWT.missing}': '(*null)' } }, {}, true],
    ['no user at all', { Equals: { '${USER.id}': '(*null)' } }, { user: undefined }, true],
    ['no claims at all', { Equals: { '${JWT.sub}': '(*null)' } }, { jwt: undefined }, true],
    ['a missing query parameter', { Equals: { '${HTTP_GET.view}': '(*null)' } }, {}, true],
    ['an inherited property is not a claim', { Equals: { '${JWT.constructor}': '(*null)' } }, {}, true],
    ['an inherited property is not a query parameter', { Equals: { '${HTTP_GET.constructor}': '(*null)' } }, {}, true],
    ['a cast keeps a missing value missing, not false', { Equals: { '(*bool)${HTTP_GET.b}': false } }, {}, false],
    ['(*array) of a missing value is no list', { In: { '(*null)': '(*array)${HTTP_GET.list}' } }, {}, false],
    ['a cast of null stays null', { Equals: { '(*int)${HTTP_GET.n}': 0 } }, {}, false],
    ['an ordered comparison with null is false', { Less: { '(*int)${HTTP_GET.n}': 10 } }, {}, false],
  ])('%s', (_, condition, overrides, expected) => {
    expect(holds(condition, overrides)).toBe(expected);
  });
});

describe('typecasts', () => {
  it.each<[string, unknown, Partial<PolicyContext>, boolean]>([
    ['(*int) of a query string', { Equals: { '(*int)${HTTP_GET.n}': 42 } }, { query: { n: '42' } }, true],
    ['(*int) truncates', { Equals: { '(*int)${HTTP_GET.n}': 4 } }, { query: { n: '4.9' } }, true],
    ['(*int) of text is null', { Equals: { '(*int)${HTTP_GET.n}': '(*null)' } }, { query: { n: 'abc' } }, true],
    ['(*float)', { Greater: { '(*float)${HTTP_GET.n}': 4.5 } }, { query: { n: '4.75' } }, true],
    ['(*bool) of "true"', { Equals: { '(*bool)${HTTP_GET.b}': true } }, { query: { b: 'true' } }, true],
    ['(*bool) of "0"', { Equals: { '(*bool)${HTTP_GET.b}': false } }, { query: { b: '0' } }, true],
    ['(*string) of a number', { Equals: { '(*string)${JWT.level}': '3' } }, {}, true],
    ['(*array) splits on commas', { In: { b: '(*array)${HTTP_GET.list}' } }, { query: { list: 'a,b,c' } }, true],
    ['(*null)', { Equals: { '(*null)anything': '(*null)' } }, {}, true],
    ['(*date) compares dates', { Greater: { '(*date)${DATETIME.Y-m-d}': '(*date)2026-01-01' } }, {}, true],
    ['(*date) of epoch seconds', { Less: { '(*date)${JWT.iat}': '(*date)2024-01-01T00:00:00Z' } }, {}, true],
    [
      '(*date) without a zone is UTC',
      { Equals: { '(*date)2026-12-02 09:30': '(*date)2026-12-02T09:30:00Z' } },
      {},
      true,
    ],
    ['(*date) of nonsense is null', { Equals: { '(*date)${HTTP_GET.d}': '(*null)' } }, { query: { d: 'soon' } }, true],
  ])('%s', (_, condition, overrides, expected) => {
    expect(holds(condition, overrides)).toBe(expected);
  });
});

describe('(*ip) matches networks', () => {
  const at = (ip: string): Partial<PolicyContext> => ({ user: { ...context().user!, ip } });
  it.each<[string, unknown, string, boolean]>([
    ['inside an IPv4 network', { Equals: { '(*ip)${USER.ip}': '10.0.0.0/8' } }, '10.200.3.4', true],
    ['outside an IPv4 network', { Equals: { '(*ip)${USER.ip}': '10.0.0.0/8' } }, '11.0.0.1', false],
    ['a single IPv4 address', { Equals: { '(*ip)${USER.ip}': '192.168.1.10' } }, '192.168.1.10', true],
    ['a /32 that is another address', { Equals: { '(*ip)${USER.ip}': '192.168.1.10/32' } }, '192.168.1.11', false],
    [
      'an IPv4-mapped IPv6 address in an IPv4 network',
      { Equals: { '(*ip)${USER.ip}': '10.0.0.0/8' } },
      '::ffff:10.9.9.9',
      true,
    ],
    ['inside an IPv6 network', { Equals: { '(*ip)${USER.ip}': '2001:db8::/32' } }, '2001:db8:1::7', true],
    ['outside an IPv6 network', { Equals: { '(*ip)${USER.ip}': '2001:db8::/32' } }, '2001:db9::1', false],
    ['IPv4 against an IPv6 network', { Equals: { '(*ip)${USER.ip}': '2001:db8::/32' } }, '10.0.0.1', false],
    ['any of several networks', { Equals: { '(*ip)${USER.ip}': ['192.168.0.0/16', '10.0.0.0/8'] } }, '10.0.0.1', true],
    ['In a list of networks', { In: { '(*ip)${USER.ip}': ['192.168.0.0/16', '10.0.0.0/8'] } }, '10.0.0.1', true],
    ['NotIn a list of networks', { NotIn: { '(*ip)${USER.ip}': ['10.0.0.0/8'] } }, '10.0.0.1', false],
    ['the cast on the right side of an address', { Equals: { '${USER.ip}': '(*ip)10.0.0.1' } }, '10.0.0.1', true],
    ['a malformed network matches nothing', { Equals: { '(*ip)${USER.ip}': '10.0.0.0/33' } }, '10.0.0.1', false],
    ['a malformed address matches nothing', { Equals: { '(*ip)${USER.ip}': '0.0.0.0/0' } }, 'not-an-ip', false],
    ['without the cast it is text', { Equals: { '${USER.ip}': '10.0.0.0/8' } }, '10.0.0.1', false],
  ])('%s', (_, condition, ip, expected) => {
    expect(holds(condition, at(ip))).toBe(expected);
  });
});
