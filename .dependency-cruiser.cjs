/**
 * The house of README "Architecture": folders are layers, and a file imports only from its own
 * layer or the layers below it. Within a layer the rooms have an order too (listed top to bottom),
 * so no two folders import each other, type-only imports included. `npm test` runs this.
 */

/** Top → bottom. Each entry is one layer; each string one room (a folder, or a single file). */
const LAYERS = [
  ['src/main.ts', 'src/app/'], // 1 process: roles and their assembly
  ['src/cli/', 'src/chat/', 'src/http/'], // 2 edges: terminal, chat front ends and delivery, HTTP routes
  ['jobs/'], // 3 jobs: one thin BullMQ processor per job name
  ['src/render/', 'src/i18n/'], // 4 words: one neutral report rendered three ways; every human word
  ['commands/', 'src/watch/'], // 5 features: the command table; the watch feature whole
  ['src/config/', 'src/queue/', 'src/store/', 'src/tokens/'], // 6 plumbing
  ['src/probes/'], // 7 library: the diagnostic engine
  ['src/model/'], // 8 ground: the vocabulary every layer shares
];

const ROOMS = LAYERS.flat();
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pattern = (room) => `^${escapeRegExp(room)}${room.endsWith('/') ? '' : '$'}`;
const any = (rooms) => rooms.map(pattern).join('|');

/** A room may import the rooms listed after it (lower in its layer, or in a layer below). */
const roomRules = ROOMS.slice(1).map((room, i) => {
  const above = ROOMS.slice(0, i + 1);
  return {
    name: `no-upward-from-${room.replace(/\W+/g, '-').replace(/-$/, '')}`,
    comment: `${room} sits below ${above.join(', ')} (README "Architecture"): it may not import them.`,
    severity: 'error',
    from: { path: pattern(room) },
    to: { path: any(above) },
  };
});

module.exports = {
  forbidden: [
    ...roomRules.filter((r) => r.from.path !== pattern('src/model/')),
    {
      name: 'model-is-the-ground',
      comment:
        'src/model/ is the shared vocabulary: it imports nothing of the project but the types of probe results.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^(src/(?!model/)|commands/|jobs/)', pathNot: '^src/probes/' },
    },
    {
      name: 'model-takes-only-probe-types',
      comment: 'src/model/ may name probe result types, never run probe code.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^src/probes/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'probes-are-a-library',
      comment:
        'src/probes/ is usable on its own: it imports nothing of the project outside itself; what it needs comes through ctx.',
      severity: 'error',
      from: { path: '^src/probes/' },
      to: { path: '^(src/(?!probes/)|commands/|jobs/)' },
    },
    {
      name: 'chat-stays-in-its-edge',
      comment:
        'Platform quirks stay in src/chat/: below the edges nothing imports it (src/model/ has the shared types).',
      severity: 'error',
      from: { path: '^(src/(?!chat/|app/|main\\.ts)|commands/|jobs/)' },
      to: { path: '^src/chat/' },
    },
    {
      name: 'queue-runs-no-job',
      comment:
        'src/queue/ is plumbing (connection, names, options, submit, flows): job processors are wired in src/app/.',
      severity: 'error',
      from: { path: '^src/queue/' },
      to: { path: '^jobs/' },
    },
    {
      name: 'no-circular',
      comment:
        'No runtime import cycle between files (between folders not even a type-only one: the room rules).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-dev-dep',
      comment: 'Shipped code (src, commands, jobs) does not import devDependencies.',
      severity: 'error',
      from: { path: '^(src|commands|jobs)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
