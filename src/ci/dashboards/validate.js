// Validates every Dashboard Studio view in default/data/ui/views with Splunk's own schema and
// structure checks (@splunk/dashboard-validation, @splunk/dashboard-definition), plus the
// references that schema does not check. Usage: node validate.js <views dir>. Exit 1 on any error.
'use strict';
const fs = require('fs');
const path = require('path');
const { DashboardValidator } = require('@splunk/dashboard-validation');
const { defaultSchema } = require('@splunk/dashboard-definition');

const dir = process.argv[2];
const validator = new DashboardValidator();
validator.setSchema(defaultSchema);
let errors = 0;
const fail = (file, message) => {
  errors++;
  console.error(`dashboard ${file}: ${message}`);
};

const files = fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();
if (files.length === 0) {
  fail(dir, 'no views found');
}
for (const file of files) {
  const xml = fs.readFileSync(path.join(dir, file), 'utf8');
  if (!/^<dashboard version="2"[ >]/.test(xml)) {
    fail(file, 'expected root <dashboard version="2" ...> (Dashboard Studio)');
    continue;
  }
  const m = /<definition><!\[CDATA\[([\s\S]*?)\]\]><\/definition>/.exec(xml);
  if (!m) {
    fail(file, 'expected <definition><![CDATA[ JSON ]]></definition>');
    continue;
  }
  let def;
  try {
    def = JSON.parse(m[1]);
  } catch (e) {
    fail(file, `definition is not JSON: ${e.message}`);
    continue;
  }
  for (const e of validator.validate(def) || []) {
    fail(file, `${e.instancePath || ''} ${e.message}`.trim());
  }
  const dataSources = def.dataSources || {};
  for (const [id, viz] of Object.entries(def.visualizations || {})) {
    for (const ds of Object.values(viz.dataSources || {})) {
      if (!dataSources[ds]) fail(file, `visualization ${id} uses data source ${ds}, which does not exist`);
    }
  }
  for (const [id, ds] of Object.entries(dataSources)) {
    if (ds.type === 'ds.search' && !(ds.options && ds.options.query && ds.options.query.trim())) {
      fail(file, `data source ${id} has no query`);
    }
    if (ds.type === 'ds.chain' && !dataSources[ds.options && ds.options.extend]) {
      fail(file, `data source ${id} extends a data source that does not exist`);
    }
  }
  for (const input of (def.layout && def.layout.globalInputs) || []) {
    if (!(def.inputs || {})[input]) fail(file, `global input ${input} does not exist`);
  }
  const tokens = new Set(Object.values(def.inputs || {}).map((i) => i.options && i.options.token));
  const used = JSON.stringify(def).match(/\$([A-Za-z_][\w]*)(\.[\w.]+)?(\|[a-z])?\$/g) || [];
  for (const t of used) {
    const name = t.slice(1, -1).split(/[.|]/)[0];
    if (name !== 'row' && name !== 'click' && name !== 'value' && !tokens.has(name)) {
      fail(file, `token ${t} is set by no input`);
    }
  }
  if (errors === 0) console.error(`dashboard ${file}: valid`);
}
process.exit(errors ? 1 : 0);
