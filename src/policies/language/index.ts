/**
 * The AAM policy language as a pure library: compile a document once (validation included),
 * then decide requests against a principal's ordered candidate policies. No database, no HTTP.
 */
export { compilePolicy, validatePolicy } from './compile';
export { buildEffectivePolicy, ATTACHMENT_LEVELS } from './effective';
export type { AttachmentLevel, Candidate, EffectivePolicy } from './effective';
export { allowedResources, checkRoute, decide } from './evaluate';
export type { Decision } from './evaluate';
export { resolveParam } from './params';
export type { ParamValue } from './params';
export { analyzePolicy } from './analyze';
export type { RouteDeclaration } from './analyze';
export { routeResource } from './resource-pattern';
export type { CompiledPolicy, CompileResult, LanguageOptions, PolicyContext, PolicyIssue, UserFacts } from './types';
