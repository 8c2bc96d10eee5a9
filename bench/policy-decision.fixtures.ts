import type { Action } from '../src/common/actions';
import type { AttachmentLevel, Decision, PolicyContext } from '../src/policies/language';
import { context } from '../src/policies/language/testing';

/**
 * What the policy-decision benchmark decides: one principal (jane, role editor) with a default,
 * a role and a user policy of 20 statements each, asked about a mix of actions and resources
 * from several networks and tokens. The documents are written the way an administrator would,
 * not to be fast: most statements name the everyday actions, and half carry a condition.
 */

const CORPORATE_V4 = '10.0.0.0/8';
const CORPORATE_V6 = 'fd00::/8';
const BLOCKED = ['203.0.113.0/24', '198.51.100.0/24', '2001:db8:bad::/48'];

const baseline = {
  Statement: [
    { Effect: 'allow', Resource: 'User:${USER.id}', Action: ['Read', 'ChangePassword'] },
    {
      Effect: 'allow',
      Resource: 'User:${USER.id}',
      Action: ['IssueToken', 'ListTokens', 'ViewToken', 'RevokeToken'],
      Condition: { Equals: { '${JWT.token_use}': 'access' } },
    },
    {
      Effect: 'deny',
      Resource: '*',
      Action: '*',
      Enforce: true,
      Condition: { Equals: { '(*ip)${USER.ip}': BLOCKED } },
    },
    {
      Effect: 'deny',
      Resource: 'User:*',
      Action: 'Delete',
      Enforce: true,
      Condition: { NotIn: { '(*ip)${USER.ip}': [CORPORATE_V4, CORPORATE_V6] } },
    },
    { Effect: 'allow', Resource: 'Config:service.jwt.*', Action: 'Read' },
    { Effect: 'deny', Resource: 'Config:service.keys.*', Action: '*', Enforce: true },
    { Effect: 'allow', Resource: 'Role:*', Action: ['List', 'Read'] },
    {
      Effect: 'allow',
      Resource: 'Policy:*',
      Action: ['List', 'Read'],
      Condition: { In: { auditor: '${USER.roles}' } },
    },
    {
      Effect: 'allow',
      Resource: 'AuditLog',
      Action: ['List', 'Read'],
      Condition: { Equals: { '${JWT.dept}': ['security', 'compliance'] }, In: { auditor: '${USER.roles}' } },
    },
    {
      Effect: 'allow',
      Resource: 'Metrics',
      Action: 'Read',
      Condition: { Equals: { '(*ip)${USER.ip}': [CORPORATE_V4, '192.168.0.0/16', CORPORATE_V6] } },
    },
    { Effect: 'deny', Resource: 'User:*', Action: 'Edit', Condition: { Equals: { '${JWT.token_use}': 'api' } } },
    {
      Effect: 'allow',
      Resource: 'User:*',
      Action: 'List',
      Condition: { Equals: { '(*ip)${USER.ip}': [CORPORATE_V4, '2001:db8::/32'] } },
    },
    {
      Effect: 'allow',
      Resource: 'Token:*',
      Action: 'Introspect',
      Condition: { In: { introspector: '${USER.roles}' } },
    },
    {
      Effect: 'allow',
      Resource: 'User:*',
      Action: 'Read',
      Condition: { RegEx: { '${USER.email}': '/@example\\.com$/i' } },
    },
    { Effect: 'deny', Resource: 'Role:administrator', Action: ['Edit', 'Delete', 'Attach'], Enforce: true },
    {
      Effect: 'allow',
      Resource: 'User:${USER.id}',
      Action: 'Edit',
      Condition: { Between: { '(*int)${DATETIME.H}': [6, 21] } },
    },
    { Effect: 'deny', Resource: 'Policy:*', Action: 'Attach' },
    {
      Effect: 'allow',
      Resource: 'Config:service.audit.*',
      Action: 'Read',
      Condition: { Equals: { '${JWT.dept}': 'security' } },
    },
    {
      Effect: 'deny',
      Resource: 'AuditLog',
      Action: '*',
      Enforce: true,
      Condition: { Equals: { '${JWT.token_use}': 'api' } },
    },
    { Effect: 'deny', Resource: 'Config:*', Action: 'Edit' },
  ],
};

const editors = {
  Statement: [
    {
      Effect: 'allow',
      Resource: 'User:*',
      Action: ['Read', 'List', 'Edit'],
      Condition: { Equals: { '${JWT.dept}': ['security', 'support'] } },
    },
    { Effect: 'deny', Resource: 'User:*', Action: 'ChangeRole' },
    {
      Effect: 'allow',
      Resource: 'User:*',
      Action: 'Create',
      Condition: { Equals: { '(*ip)${USER.ip}': [CORPORATE_V4, CORPORATE_V6] } },
    },
    { Effect: 'deny', Resource: 'User:admin*', Action: ['Edit', 'Delete'], Enforce: true },
    {
      Effect: 'allow',
      Resource: 'User:*',
      Action: 'Delete',
      Condition: { In: { editor: '${USER.roles}' }, Equals: { '${JWT.dept}': 'security' } },
    },
    { Effect: 'allow', Resource: 'Role:*', Action: 'Attach', Condition: { In: { 'role-manager': '${USER.roles}' } } },
    { Effect: 'allow', Resource: 'Role:editor', Action: 'Read' },
    { Effect: 'deny', Resource: 'Role:*', Action: ['Create', 'Delete'] },
    {
      Effect: 'allow',
      Resource: 'Config:service.ratelimit.*',
      Action: ['Read', 'Edit'],
      Condition: { Equals: { '${JWT.dept}': 'security' } },
    },
    {
      Effect: 'allow',
      Resource: 'Token:*',
      Action: 'Introspect',
      Condition: { Equals: { '${JWT.token_use}': 'access' } },
    },
    {
      Effect: 'allow',
      Resource: 'User:*',
      Action: ['ListTokens', 'RevokeToken'],
      Condition: { In: { support: '${USER.roles}' } },
    },
    {
      Effect: 'allow',
      Resource: 'User:*',
      Action: 'ViewToken',
      Condition: { Equals: { Operator: 'AND', '${JWT.dept}': 'security', '(*ip)${USER.ip}': CORPORATE_V4 } },
    },
    { Effect: 'allow', Resource: 'AuditLog', Action: 'List', Condition: { Equals: { '${JWT.dept}': 'compliance' } } },
    {
      Effect: 'deny',
      Resource: 'Metrics',
      Action: 'Read',
      Condition: { Equals: { '(*ip)${USER.ip}': '192.168.0.0/16' } },
    },
    { Effect: 'allow', Resource: 'Policy:*', Action: ['List', 'Read'] },
    { Effect: 'deny', Resource: 'Policy:*', Action: ['Create', 'Edit', 'Delete'] },
    { Effect: 'allow', Resource: 'User:*', Action: 'Read', Condition: { Like: { '${USER.email}': '*@example.com' } } },
    {
      Effect: 'allow',
      Resource: 'Config:service.jwt.*',
      Action: 'Edit',
      Condition: {
        Equals: { Operator: 'AND', '${JWT.dept}': 'security', '(*ip)${USER.ip}': [CORPORATE_V4, '2001:db8::/32'] },
      },
    },
    { Effect: 'deny', Resource: 'User:*', Action: 'Edit', Condition: { In: { '${JWT.level}': [0, 1] } } },
    {
      Effect: 'allow',
      Resource: 'User:*',
      Action: 'ChangePassword',
      Condition: { In: { support: '${USER.roles}' }, Equals: { '${JWT.token_use}': 'access' } },
    },
  ],
};

const jane = {
  Statement: [
    { Effect: 'allow', Resource: 'User:${USER.id}', Action: '*' },
    { Effect: 'deny', Resource: 'User:${USER.id}', Action: 'Delete' },
    {
      Effect: 'allow',
      Resource: 'Config:service.*',
      Action: 'Read',
      Condition: { Equals: { '(*ip)${USER.ip}': ['10.1.0.0/16', '2001:db8:1::/48'] } },
    },
    { Effect: 'allow', Resource: 'AuditLog', Action: 'Read', Condition: { Equals: { '${JWT.dept}': 'security' } } },
    { Effect: 'deny', Resource: 'User:u9', Action: '*', Enforce: true },
    { Effect: 'allow', Resource: 'Role:*', Action: 'Edit', Condition: { In: { '${JWT.level}': [3, 4, 5] } } },
    { Effect: 'deny', Resource: 'Role:administrator', Action: 'Read' },
    { Effect: 'allow', Resource: 'User:u2', Action: ['ListTokens', 'ViewToken'] },
    { Effect: 'deny', Resource: 'User:*', Action: 'Create', Condition: { Equals: { '${JWT.token_use}': 'api' } } },
    {
      Effect: 'allow',
      Resource: 'Metrics',
      Action: 'Read',
      Condition: { Equals: { '(*ip)${USER.ip}': '2001:db8:1::/48' } },
    },
    { Effect: 'deny', Resource: 'User:*', Action: 'List', Condition: { NotEquals: { '${JWT.dept}': 'security' } } },
    { Effect: 'allow', Resource: 'Token:*', Action: 'Introspect' },
    { Effect: 'deny', Resource: 'Token:*', Action: 'Introspect', Condition: { Equals: { '${JWT.token_use}': 'api' } } },
    {
      Effect: 'allow',
      Resource: 'Config:service.ratelimit.*',
      Action: 'Edit',
      Condition: { Equals: { '(*ip)${USER.ip}': ['10.1.2.0/24', '2001:db8:1::/64'] } },
    },
    {
      Effect: 'deny',
      Resource: 'Config:service.ratelimit.login',
      Action: 'Edit',
      Condition: { Equals: { '${JWT.level}': 3 } },
    },
    { Effect: 'allow', Resource: 'Policy:*', Action: 'Attach', Condition: { In: { editor: '${USER.roles}' } } },
    { Effect: 'deny', Resource: 'Policy:admin*', Action: 'Attach' },
    { Effect: 'allow', Resource: 'User:${JWT.delegate}', Action: ['Read', 'Edit'] },
    {
      Effect: 'deny',
      Resource: 'User:*',
      Action: 'Read',
      Condition: { Equals: { '(*ip)${USER.ip}': '192.168.66.0/24' } },
    },
    { Effect: 'allow', Resource: 'AuditLog', Action: 'List', Condition: { In: { editor: '${USER.roles}' } } },
  ],
};

export const ATTACHED: ReadonlyArray<{ policyId: string; level: AttachmentLevel; document: unknown }> = [
  { policyId: 'baseline', level: 'default', document: baseline },
  { policyId: 'editors', level: 'role', document: editors },
  { policyId: 'jane', level: 'user', document: jane },
];

// jane as the library's specs know her: user u1, role editor, 10.1.2.3, a session token, security department.
const OFFICE = context();
const JANE = OFFICE.user!;
const SESSION = OFFICE.jwt!;

/** Where and with which token jane asks: office, IPv6 office, a dual-stack socket, a blocked network, an API token, at night. */
export const CONTEXTS: Readonly<Record<string, PolicyContext>> = {
  office: OFFICE,
  officeV6: { user: { ...JANE, ip: '2001:db8:1::5' }, jwt: SESSION, now: new Date('2026-12-02T10:05:00Z') },
  mapped: { user: { ...JANE, ip: '::ffff:10.1.2.3' }, jwt: SESSION, now: new Date('2026-12-02T11:45:00Z') },
  blocked: { user: { ...JANE, ip: '203.0.113.9' }, jwt: SESSION, now: new Date('2026-12-02T12:00:00Z') },
  apiToken: {
    user: { ...JANE, ip: 'fd00::17' },
    jwt: { ...SESSION, token_use: 'api', dept: 'compliance', delegate: 'u7' },
    now: new Date('2026-12-02T14:20:00Z'),
  },
  night: {
    user: { ...JANE, ip: '192.168.66.4' },
    jwt: { ...SESSION, level: 1 },
    now: new Date('2026-12-02T23:10:00Z'),
  },
};

/** What is asked from every context: the routes' own checks and the services' checks after loading data. */
export const ASKED: ReadonlyArray<[Action, string]> = [
  ['Read', 'User:u1'],
  ['Read', 'User:u2'],
  ['Read', 'User:u9'],
  ['Edit', 'User:u1'],
  ['Edit', 'User:u2'],
  ['Edit', 'User:admin1'],
  ['Delete', 'User:u1'],
  ['Delete', 'User:u2'],
  ['List', 'User:*'],
  ['Create', 'User:*'],
  ['ChangePassword', 'User:u1'],
  ['IssueToken', 'User:u1'],
  ['ListTokens', 'User:u2'],
  ['Read', 'Config:service.jwt.expires_in'],
  ['Read', 'Config:service.keys.signing'],
  ['Edit', 'Config:service.ratelimit.login'],
  ['List', 'AuditLog'],
  ['Read', 'AuditLog'],
  ['Read', 'Metrics'],
  ['Introspect', 'Token:*'],
  ['Attach', 'Policy:p1'],
  ['Edit', 'Role:administrator'],
];

export interface Known {
  why: string;
  context: keyof typeof CONTEXTS;
  action: Action;
  resource: string;
  expected: Pick<Decision, 'decision' | 'matched'>;
}

const by = (policy_id: string, statement_index: number) => ({ policy_id, statement_index });

/** Decisions worked out by hand from the documents above; the benchmark refuses to time wrong answers. */
export const KNOWN: readonly Known[] = [
  {
    why: 'a blocked network is denied first, whatever comes later (enforced, IPv4 CIDR)',
    context: 'blocked',
    action: 'Read',
    resource: 'User:u1',
    expected: { decision: 'deny', matched: by('baseline', 2) },
  },
  {
    why: 'the user policy overrides the role and the default (last match)',
    context: 'office',
    action: 'Edit',
    resource: 'User:u1',
    expected: { decision: 'allow', matched: by('jane', 0) },
  },
  {
    why: 'the role allows Delete in the security department, from the corporate network',
    context: 'office',
    action: 'Delete',
    resource: 'User:u2',
    expected: { decision: 'allow', matched: by('editors', 4) },
  },
  {
    why: 'an IPv6 address outside the corporate networks may not delete (enforced NotIn)',
    context: 'officeV6',
    action: 'Delete',
    resource: 'User:u2',
    expected: { decision: 'deny', matched: by('baseline', 3) },
  },
  {
    why: 'an IPv4-mapped IPv6 address is in its IPv4 network',
    context: 'mapped',
    action: 'Read',
    resource: 'Config:service.audit.retention_days',
    expected: { decision: 'allow', matched: by('jane', 2) },
  },
  {
    why: 'an IPv6 CIDR of the user policy lets Metrics be read',
    context: 'officeV6',
    action: 'Read',
    resource: 'Metrics',
    expected: { decision: 'allow', matched: by('jane', 9) },
  },
  {
    why: 'an API token never reads the audit log (enforced, on a JWT claim)',
    context: 'apiToken',
    action: 'Read',
    resource: 'AuditLog',
    expected: { decision: 'deny', matched: by('baseline', 18) },
  },
  {
    why: "the user policy's delegate, named by a claim, outlasts the default's deny of edits with API tokens",
    context: 'apiToken',
    action: 'Edit',
    resource: 'User:u7',
    expected: { decision: 'allow', matched: by('jane', 17) },
  },
  {
    why: 'the RegEx and Like on the email allow reading others, a later IP deny takes it back',
    context: 'night',
    action: 'Read',
    resource: 'User:u2',
    expected: { decision: 'deny', matched: by('jane', 18) },
  },
  {
    why: "the default's enforced deny on the administrator role outlasts the user policy's allow",
    context: 'office',
    action: 'Edit',
    resource: 'Role:administrator',
    expected: { decision: 'deny', matched: by('baseline', 14) },
  },
  {
    why: 'no statement grants ChangeRole on a role: default deny',
    context: 'office',
    action: 'ChangeRole',
    resource: 'Role:editor',
    expected: { decision: 'deny', matched: null },
  },
];
