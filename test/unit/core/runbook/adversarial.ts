// Hostile long lines for the runbook reader: every place a reader looks (a table cell, a fence, a heading, a list item, a
// link, a template) filled with one character repeated, the inputs that make a backtracking pattern super-linear.
// Shared by the fuzz test (the growth between two lengths) and the bench (runbook.adversarialPerMB).

/** Where the long run goes: each returns a runbook with `run` in that place. */
export const CONTEXTS: Readonly<Record<string, (run: string) => string>> = {
  'level table cell': (run) => `## Severity Levels\n\n| SEV | Impact | Response |\n|---|---|---|\n| 1 | ${run} | 15 min |\n| ${run} | x | ${run} |\n`,
  'table without heading': (run) => `| Priority | Description |\n|---|---|\n| P1 | ${run} |\n| P2 | x${run} |\n`,
  'escalation table cell': (run) => `## Escalation Path\n\n| Level | Contact | When |\n|---|---|---|\n| L1 | ${run} | ${run} |\n| L2 | [a](mailto:${run}) | SEV1 after ${run} |\n`,
  'delimiter row': (run) => `## Severity Levels\n\n| SEV | Impact |\n|---${run}|---${run}x\n| 1 | a |\n`,
  'shell fence': (run) => `## Quick Diagnosis\n\n\`\`\`bash\n# 1. ${run}x\n# 2. a${run}b\n# Check ${run}\necho ${run}\n$ ${run}\n\`\`\`\n`,
  'untagged fence': (run) => `## Checks\n\nCheck the thing:\n\n\`\`\`\n${run}\n$ ${run}\nkubectl ${run}\n\`\`\`\n`,
  'heading': (run) => `## ${run}\n\n### ${run}x\n\n#### 1 - ${run}\n\n#### 2 - ${run}\n`,
  'list item': (run) => `## Common Incidents\n\n### INC-001: X\n\n**Diagnostic Tree**:\n1. ${run} → \`${run}\`\n- **${run}**: ${run}\n- [ ] ${run}\n1. **Critical** - ${run}\n2. **Major** - ${run}\n`,
  'link': (run) => `## Related Documents\n\n- [${run}](${run})\n- <${run}>\n- https://${run}\n`,
  'template': (run) => `## Communication Template\n\n\`\`\`markdown\n**${run}**: ${run}\nField${run}: ${run}\n- **${run}\n\`\`\`\n`,
  'mermaid chart': (run) => `## Triage\n\n\`\`\`mermaid\ngraph LR\n  A -- ${run} --> B\n  T -->|${run}| S1[SEV1: ${run}]\n  S1 --> P[${run}\n\`\`\`\n`,
  'prose': (run) => `# Runbook\n\nPost updates every ${run} minutes. Escalate ${run} after ${run}.\n\nSeverity: ${run}\n`,
};

/** The characters a run is made of: the openers and separators the reader's patterns look for. */
export const RUN_UNITS: readonly string[] = ['[', '|', '`', '*', '<', '\\', '-', ' ', '\n', '[a', '**a ', '1 ', '# 1. a '];

/** Every context with every unit, each run about `bytes` long. */
export function adversarialInputs(bytes: number): Array<{ name: string; text: string }> {
  const inputs: Array<{ name: string; text: string }> = [];
  for (const [context, build] of Object.entries(CONTEXTS)) {
    for (const unit of RUN_UNITS) inputs.push({ name: `${context} × ${JSON.stringify(unit)}`, text: build(unit.repeat(Math.ceil(bytes / unit.length))) });
  }
  return inputs;
}
