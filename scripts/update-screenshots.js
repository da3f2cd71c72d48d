// `npm run screenshots`: copies the README's screenshots from the last e2e run into
// media/screenshots. Only captures whose content the run checked (listed in checked.txt) are copied.
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..');
const FROM = path.join(REPO_ROOT, 'test-results', 'e2e', 'screenshots');
const TO = path.join(REPO_ROOT, 'media', 'screenshots');
const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const wanted = [...new Set([...readme.matchAll(/media\/screenshots\/([\w-]+)\.png/g)].map((match) => match[1]))];
const checkedFile = path.join(FROM, 'checked.txt');
const checked = new Set(fs.existsSync(checkedFile) ? fs.readFileSync(checkedFile, 'utf8').split('\n').filter(Boolean) : []);

const missing = wanted.filter((name) => !checked.has(name));
if (missing.length > 0) {
  console.error(`Not copied: no checked capture of ${missing.join(', ')}. Run \`npm test -- e2e\` first.`);
  process.exitCode = 1;
}
for (const name of wanted.filter((candidate) => checked.has(candidate))) {
  fs.copyFileSync(path.join(FROM, `${name}.png`), path.join(TO, `${name}.png`));
  console.log(`media/screenshots/${name}.png`);
}
