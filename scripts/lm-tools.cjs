// Writes package.json's contributes.languageModelTools from the agent tool catalogue (src/core/agents/tools.ts),
// which is where each tool is written once; a unit test fails when the two differ. Run: npm run manifest:tools
const fs = require('fs');
const path = require('path');
const manifestFile = path.join(__dirname, '..', 'package.json');
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
const { AGENT_TOOLS } = require('../out/src/core/agents/tools.js');
manifest.contributes.languageModelTools = AGENT_TOOLS.filter((t) => t.hosts.includes('vscode')).map((t) => ({
  name: t.name,
  displayName: t.title,
  toolReferenceName: t.name,
  canBeReferencedInPrompt: true,
  userDescription: `${t.title}.`,
  modelDescription: t.description,
  tags: ['incident-runbook'],
  inputSchema: t.inputSchema,
}));
fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
