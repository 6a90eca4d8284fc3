/** What `node dist/src/main.js --help` prints: the roles and where the configuration comes from. */
export const MAIN_USAGE = `usage: node dist/src/main.js [--role bot|worker|all]     (npm start: role all)

wxdoctor's chat-ops bot for Slack and WeCom.

roles (--role, or WX_ROLE):
  bot     front end: takes /wx from Slack and WeCom, answers at once, queues the work (stateless)
  worker  runs the probe, check, notify and watch jobs and posts the results
  all     both in one process (the default)

configuration: environment variables, and the YAML file named by WX_CONFIG. A .env file in the
working directory is read when present (variables already set in the environment win).
Every key: .env.example and README.md, "Configuration". Bad configuration exits 78.

  --help, -h       this text
  --version, -V    the version

Diagnoses from a terminal are the \`wx\` command: wx help.
`;
