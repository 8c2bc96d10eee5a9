// The module boundaries of src/ (docs/design.md, "Modules"): each module folder imports only
// modules on lower layers, so the imports point one way and cannot close a cycle. Anything a
// lower module must tell a higher one travels as a typed event (common/events.ts).
// `npm run lint` runs this; `npx depcruise src --config .dependency-cruiser.cjs` alone too.

/** Lowest first. Modules on one layer do not import each other either. */
const LAYERS = [
  ['common'],
  ['database', 'redis'],
  ['config'],
  ['audit'],
  ['keys'],
  ['users'],
  ['policies'],
  ['tokens'],
  ['sessions'],
  ['auth'],
  ['ratelimit', 'metrics', 'health', 'console'],
];
const MODULES = LAYERS.flat();
const folders = (names) => `^src/(${names.join('|')})/`;

const layerRules = LAYERS.flatMap((layer, level) => {
  const allowed = LAYERS.slice(0, level).flat();
  return layer.map((module) => ({
    name: `${module}-imports-only-lower-layers`,
    severity: 'error',
    comment: allowed.length
      ? `${module}/ is on layer ${level} and may import only ${allowed.map((m) => `${m}/`).join(', ')}.` +
        ' To tell a higher module something, emit an event typed in common/events.ts.'
      : 'common/ is layer 0 and imports nothing else from src/.',
    from: { path: `^src/${module}/` },
    to: {
      path: '^src/',
      pathNot: [folders([...allowed, module])],
    },
  }));
});

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Files of src/ must not import each other in a cycle.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      comment: 'Module folders of src/ must not import each other in a cycle.',
      scope: 'folder',
      // Module folders only: a module's own sub-folders (dto/) may import back into it.
      from: { path: '^src/[^/]+$' },
      to: { path: '^src/[^/]+$', circular: true },
    },
    {
      name: 'module-in-the-layer-table',
      severity: 'error',
      comment: `Every folder of src/ has a layer (${MODULES.join(', ')}); add a new one to LAYERS and docs/design.md.`,
      from: { path: '^src/[^/]+/', pathNot: folders(MODULES) },
      to: {},
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    // Type-only imports couple modules just as much as value imports.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
