import type { Action } from '../../common/actions';

/** A place in a policy document, written the way the API reports it: `Statement[2].Condition.Equals`. */
export interface PolicyIssue {
  path: string;
  message: string;
}

/** What the library needs to know about the deployment to validate a document. */
export interface LanguageOptions {
  /** Config options a `Param` may set (`service.jwt.registry_size`, ...). */
  paramKeys: readonly string[];
  /** Environment variables `${ENV.NAME}` may read: an allow-list, never secrets. */
  envNames: readonly string[];
  /** Config options `${CONFIG.key}` may read: never secrets. */
  configKeys: readonly string[];
}

/** The caller as markers see it (`${USER.id}`, ...). */
export interface UserFacts {
  id: string;
  username: string;
  email: string;
  roles: readonly string[];
  ip: string;
  authenticated: boolean;
}

type StringMap = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Everything a decision may look at besides the action and the resource. */
export interface PolicyContext {
  user?: UserFacts;
  /** Claims of the token the request carries. */
  jwt?: Readonly<Record<string, unknown>>;
  /** Query string parameters (`${HTTP_GET.name}`). */
  query?: StringMap;
  /** Request headers, names in lower case (`${HTTP_HEADER.x-tenant}`). */
  headers?: StringMap;
  /** Route parameters (`${PARAM.id}`). */
  params?: Readonly<Record<string, string | undefined>>;
  /** Values of the allow-listed environment variables. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Values of the readable config options. */
  config?: Readonly<Record<string, unknown>>;
  now: Date;
}

/** Resolves a compiled piece of a document against one request's context. */
export type Resolver = (context: PolicyContext) => unknown;

/** A document piece after compilation: known now, or resolved on each request. */
export type Operand = { kind: 'constant'; value: unknown } | { kind: 'dynamic'; resolve: Resolver };

export type Effect = 'allow' | 'deny';

/** A compiled condition: true when it holds for the request. */
export type ConditionTest = (context: PolicyContext) => boolean;

/** One `Resource` entry, compiled. */
export interface ResourcePattern {
  /** As written in the document. */
  source: string;
  /** `User`, `Route`, ... or `*` for the bare wildcard. */
  type: string;
  matches(resource: string, context: PolicyContext): boolean;
}

export interface CompiledStatement {
  index: number;
  /** Where it is in its document: `Statement[2]`, or `Statement` when that is one object. */
  path: string;
  effect: Effect;
  enforce: boolean;
  /** Resources other than `Route:`; they answer action checks. */
  resources: readonly ResourcePattern[];
  /** `Route:` resources; they answer route checks only. */
  routes: readonly ResourcePattern[];
  actions: ReadonlySet<Action>;
  /** Actions the document names one by one (not through a wildcard). */
  namedActions: readonly Action[];
  /** Whether `Action` contains the bare `*`. */
  anyAction: boolean;
  condition: ConditionTest | null;
}

export interface CompiledParam {
  index: number;
  path: string;
  key: string;
  value: Operand;
  enforce: boolean;
  condition: ConditionTest | null;
}

/** A document compiled once (on save or load) and evaluated many times. */
export interface CompiledPolicy {
  statements: readonly CompiledStatement[];
  params: readonly CompiledParam[];
  /** Conditions the compiler could tell can never hold (the analyzer reports them). */
  neverTrue: readonly PolicyIssue[];
}

export type CompileResult = { ok: true; policy: CompiledPolicy } | { ok: false; errors: PolicyIssue[] };
