// The corpus of runbook shapes real teams write (test/fixtures/runbooks/shapes/, one file per shape, written by us):
// each test checks the facts a responder needs from that file, and that nothing the file does not state is made up.
import * as assert from 'assert';
import { Runbook, SeverityLevel } from '../../../../src/core/runbook';
import { codes, parseFixture } from './fixtures';

export function parseShape(name: string): Runbook {
  return parseFixture(`shapes/${name}`);
}

/** [id, name, response minutes or kind] per level: what the status bar would count down to. */
function clocks(levels: readonly SeverityLevel[]): Array<[string, string | undefined, number | string | null]> {
  return levels.map((level) => [level.id, level.name, level.responseKind === 'minutes' ? level.responseMinutes : level.responseKind === 'unknown' ? null : level.responseKind]);
}

function noMissingSectionStorm(runbook: Runbook): void {
  assert.deepStrictEqual(codes(runbook.problems).filter((code) => code === 'missing-section'), [], JSON.stringify(runbook.problems));
}

describe('runbook shapes: levels', () => {
  it('a Priority table with first-response and resolution columns tells the two times apart', () => {
    const runbook = parseShape('levels-table-first-response-and-resolution.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', 'P1', 15], ['SEV2', 'P2', 30], ['SEV3', 'P3', 240], ['SEV4', 'P4', 1440]]);
    assert.deepStrictEqual(runbook.levels.map((level) => [level.resolution, level.resolutionMinutes]), [
      ['4 hours', 240], ['8 hours', 480], ['3 business days', 4320], ['Next release', null],
    ]);
    assert.strictEqual(runbook.levels[0].impact, 'Card payments fail for every merchant');
    noMissingSectionStorm(runbook);
  });

  it('a table with no heading above it, whose "Who responds" is what to do, gets no clock', () => {
    const runbook = parseShape('levels-table-without-heading.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', undefined, null], ['SEV2', undefined, null], ['SEV3', undefined, null]]);
    assert.deepStrictEqual(runbook.levels.map((level) => level.action), ['Primary on-call, then the registry lead', 'Primary on-call', 'Registry team in business hours']);
    assert.deepStrictEqual(runbook.problems.map((problem) => `${problem.line + 1}:${problem.code}`), ['7:no-response-times']);
  });

  it('an HTML <table> (split by a blank line, entities, <strong> cells) is read like a Markdown one', () => {
    const runbook = parseShape('levels-html-table.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', undefined, 30], ['SEV2', undefined, 120], ['SEV3', undefined, 'nextBusinessDay']]);
    assert.deepStrictEqual(runbook.levels[2].examples, ['Slow search & broken images']);
    assert.deepStrictEqual(runbook.levels.map((level) => level.source?.line), [9, 16, 22]);
    assert.strictEqual(runbook.levels[0].impact, "The portal is down or citizens' data is exposed");
    noMissingSectionStorm(runbook);
  });

  it('one heading per level ("### Priority 1 (P1) - High") with its response and what to do under it', () => {
    const runbook = parseShape('levels-headings-priority-names.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', 'Priority 1 (P1)', 20], ['SEV2', 'Priority 2 (P2)', 120], ['SEV3', 'Priority 3 (P3)', null]]);
    assert.deepStrictEqual(runbook.levels.map((level) => level.action), [
      'page the incident commander and open the war room', 'post in #mobile-oncall', 'file a ticket for the next sprint',
    ]);
    assert.ok(runbook.levels[0].impact.startsWith('The app cannot log in'));
  });

  it('numbered level headings ("## 1 - High Severity") with times stated in sentences', () => {
    const runbook = parseShape('levels-headings-numbered-words.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', undefined, 30], ['SEV2', undefined, 240], ['SEV3', undefined, null]]);
    assert.deepStrictEqual([runbook.levels[0].resolution, runbook.levels[0].resolutionMinutes], ['6 hours', 360]);
    assert.ok(runbook.levels[2].impact.startsWith('A single report is wrong'));
    assert.ok(!runbook.incidents.length && !runbook.levels.some((level) => /contact/i.test(level.impact)), 'the "Who to contact" heading is no level');
    noMissingSectionStorm(runbook);
  });

  it('a numbered list of severity words (1. **Critical** - …) is ordered as written, with no clock', () => {
    const runbook = parseShape('levels-numbered-list-words.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', 'Critical', null], ['SEV2', 'Major', null], ['SEV3', 'Minor', null]]);
    assert.ok(runbook.levels[0].impact.startsWith('Nobody in the company can use the tool'));
    assert.deepStrictEqual(codes(runbook.problems), ['no-response-times']);
  });

  it('a bulleted list from SEV0 with "respond within" sentences', () => {
    const runbook = parseShape('levels-bulleted-list-sev0.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV0', undefined, 5], ['SEV1', undefined, 15], ['SEV2', undefined, 60], ['SEV3', undefined, 1440]]);
    assert.deepStrictEqual(runbook.levels.map((level) => level.level), [0, 1, 2, 3]);
  });

  it('SEV-1 … SEV-5 with emoji, under a "Classification" column', () => {
    const runbook = parseShape('levels-table-sev-dash-five.md');
    assert.deepStrictEqual(runbook.levels.map((level) => [level.id, level.responseMinutes ?? level.responseKind]), [
      ['SEV1', 10], ['SEV2', 30], ['SEV3', 120], ['SEV4', 1440], ['SEV5', 'nextBusinessDay'],
    ]);
    assert.strictEqual(runbook.levels[1].impact, 'Messages delayed by more than 5 minutes');
  });

  it('severity words alone in a table keep their order and take the "Response" column as what to do', () => {
    const runbook = parseShape('levels-words-only-table-actions.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', 'Critical', null], ['SEV2', 'Major', null], ['SEV3', 'Minor', null]]);
    assert.deepStrictEqual(runbook.levels.map((level) => level.action), ['Page the incident commander', 'Slack #storefront-oncall', 'JIRA ticket, business hours']);
    assert.deepStrictEqual(runbook.levels.map((level) => level.response), ['', '', '']);
  });

  it('two levels are two levels', () => {
    const runbook = parseShape('levels-two-levels.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', 'P1', 60], ['SEV2', 'P2', 'nextBusinessDay']]);
  });

  it('six levels, SEV0 to SEV5, with a resolution target apart from the response', () => {
    const runbook = parseShape('levels-six-levels.md');
    assert.deepStrictEqual(runbook.levels.map((level) => [level.level, level.responseMinutes, level.resolutionMinutes]), [
      [0, 5, 120], [1, 15, 240], [2, 30, 480], [3, 120, 2880], [4, 1440, 10080], [5, null, undefined],
    ]);
    assert.strictEqual(runbook.levels[5].responseKind, 'nextBusinessDay');
  });
});

/** [title, commands] per diagnostic step. */
function steps(runbook: Runbook): Array<[string, string[]]> {
  return runbook.diagnostics.map((step) => [step.title, step.commands]);
}

describe('runbook shapes: commands', () => {
  it('untagged fences are commands by their content; log lines, JSON and YAML are not', () => {
    const runbook = parseShape('commands-untagged-fences.md');
    assert.deepStrictEqual(steps(runbook), [
      ['Look at how many jobs are waiting', ['redis-cli -h [redis-host] llen queue:default', 'redis-cli -h [redis-host] llen queue:mailers']],
      ['Restart the workers on one host', ['sudo systemctl restart workers@[host]', 'journalctl -u workers@[host] --since "5 min ago"']],
    ]);
    assert.deepStrictEqual(runbook.diagnostics.map((step) => step.placeholders), [['redis-host'], ['host']]);
    assert.deepStrictEqual(runbook.diagnostics.map((step) => step.source?.line), [7, 41], 'each step at its first command');
  });

  it('$, user@host:~$ and root # prompts are taken off, and the pasted output under them is not run', () => {
    const runbook = parseShape('commands-prompts-with-output.md');
    assert.deepStrictEqual(steps(runbook), [
      ['Check if the resolver answers for an internal name', ['dig @10.0.0.2 api.internal +short', 'dig @10.0.0.2 api.internal +stats | grep "Query time"']],
      ['See whether unbound is running and how much it has cached', ['systemctl status unbound --no-pager', 'sudo unbound-control stats_noreset | grep total.num']],
      ['Flush the cache as root when answers are stale', ['unbound-control flush_zone internal', 'unbound-control reload']],
    ]);
  });

  it('inline code in numbered steps and prose is a step when it is a command line, named by the words before it', () => {
    const runbook = parseShape('commands-inline-numbered-steps.md');
    assert.deepStrictEqual(steps(runbook), [
      ['List the nodes and find the one that is not ready', ['kubectl get nodes -o wide']],
      ["Look at the node's conditions", ['kubectl describe node [node]']],
      ['Check recent events in the cluster', ['kubectl get events -A --sort-by=.lastTimestamp']],
      ['Cordon the node so nothing new lands on it', ['kubectl cordon [node]']],
      ['If pods are stuck terminating, check them', ['kubectl get pods -A --field-selector spec.nodeName=[node]']],
    ]);
    assert.ok(!runbook.diagnostics.some((step) => step.commands.includes('kubelet')), 'a program named in prose is not a command');
    assert.deepStrictEqual(runbook.diagnostics[1].placeholders, ['node']);
  });

  it('sh, zsh and shell fences are named by the sentence above each, never "Step N"', () => {
    const runbook = parseShape('commands-sentence-above.md');
    assert.deepStrictEqual(runbook.diagnostics.map((step) => [step.title, step.commands.length]), [
      ['Check if an upgrade is in progress', 2],
      ['Check the replication lag on the replica', 1],
      ['Find the sessions still connected to the old cluster', 1],
    ]);
    assert.ok(!runbook.diagnostics.some((step) => /^Step \d/.test(step.title)));
  });
});

describe('runbook shapes: playbooks', () => {
  it('one alert per file (Meaning / Impact / Diagnosis / Mitigation) is one known incident with its commands', () => {
    const runbook = parseShape('playbook-single-alert-meaning-impact.md');
    assert.strictEqual(runbook.incidents.length, 1);
    const [alert] = runbook.incidents;
    assert.strictEqual(alert.title, 'KubePersistentVolumeFillingUp');
    assert.ok(alert.symptoms.join(' ').includes('expected to fill up within four days'));
    assert.ok(alert.impact?.startsWith('The service writing to the volume fails'));
    assert.deepStrictEqual(alert.steps.map((step) => [step.question, step.command]), [
      ['Find the volume and the pod that uses it', 'kubectl get pvc -n [namespace]'],
      ['Find the volume and the pod that uses it', 'kubectl describe pvc [claim] -n [namespace]'],
      ['Check what takes the space inside the pod', 'kubectl exec -n [namespace] [pod] -- du -sh /data/*'],
      ['Grow the volume if its storage class allows it', `kubectl patch pvc [claim] -n [namespace] -p '{"spec":{"resources":{"requests":{"storage":"[size]"}}}}'`],
    ]);
    assert.ok(alert.resolution.startsWith('Delete data that is no longer needed'));
    assert.strictEqual(alert.id, 'kube-persistent-volume-filling-up', 'named by its alert, not INC-001');
    assert.deepStrictEqual(runbook.diagnostics, [], "the playbook's commands are its steps, not listed again as the runbook's");
    assert.ok(!codes(runbook.problems).includes('no-diagnostic-steps'), 'its Diagnosis part is no empty Quick Diagnosis');
    assert.ok(!codes(runbook.problems).some((code) => code === 'unknown-section' || code === 'unknown-incident-part'));
  });

  it('one section per alert: severity as stated, "Possible causes" bullets, actions to tick, commands as steps', () => {
    const runbook = parseShape('playbooks-per-alert-sections.md');
    assert.deepStrictEqual(runbook.incidents.map((incident) => [incident.title, incident.severity, incident.rootCauses.length, incident.protocol.length]), [
      ['IngressHighErrorRate', 'major', 2, 3],
      ['IngressCertificateExpiring', 'minor', 1, 0],
      ['IngressControllerDown', 'critical', 0, 3],
    ]);
    assert.deepStrictEqual(runbook.incidents[0].rootCauses, ['A backend deployment is failing its health checks', 'A certificate expired']);
    assert.deepStrictEqual(runbook.incidents[1].steps.map((step) => [step.question, step.command]), [
      ['Diagnosis', 'kubectl get certificates -A | grep -v True'],
      ['Diagnosis', 'kubectl describe certificate [certificate] -n [namespace]'],
    ]);
    assert.ok(runbook.incidents[1].resolution.includes('cmctl renew [certificate]'));
    assert.strictEqual(runbook.incidents[2].impact, 'no traffic reaches any service in the cluster');
    assert.deepStrictEqual(runbook.incidents.map((incident) => incident.forcedLevel), [null, null, null], 'a stated severity forces nothing');
  });

  it('### scenarios with #### sub-steps holding commands', () => {
    const runbook = parseShape('playbooks-scenarios-h3.md');
    assert.deepStrictEqual(runbook.incidents.map((incident) => incident.title), ['Builds are stuck in the queue', 'Caches are corrupted']);
    assert.deepStrictEqual(runbook.incidents[0].steps.map((step) => [step.question, step.command]), [
      ['Check the runners', 'gitlab-runner list'],
      ['Check the runners', 'systemctl status gitlab-runner'],
    ]);
    assert.ok(runbook.incidents[0].resolution.startsWith('Restart the runner service'));
    assert.deepStrictEqual(runbook.incidents[1].rootCauses.length, 2);
    assert.ok(!codes(runbook.problems).includes('unknown-incident-part'), JSON.stringify(runbook.problems));
  });
});

/** [tag, text, 1-based line] per protocol step. */
function ticks(steps: Runbook['protocol'] = []): Array<[string | null, string, number | undefined]> {
  return steps.map((step) => [step.tag, step.text, step.source === undefined ? undefined : step.source.line + 1]);
}

describe('runbook shapes: checklists, templates, cadence, escalation in prose', () => {
  it('a process page of `- [ ]` / `- [x]` task lists is a protocol to tick, each item at its line, with default levels and no clock', () => {
    const runbook = parseShape('checklist-process-page.md');
    assert.deepStrictEqual(ticks(runbook.protocol), [
      [null, 'Acknowledge the page so the secondary is not woken too', 13],
      [null, 'Open a channel named `#inc-<date>-<topic>` and post the alert link in it', 14],
      ['IMMEDIATE', 'Assign an incident commander (you, until someone takes over)', 15],
      [null, 'Tell the analytics leads in #data-consumers that numbers may be stale', 16],
      [null, 'Decide whether to pause the nightly loads', 18],
      [null, 'Schedule the post mortem', 24],
      [null, 'Link the post mortem from the incident channel', 25],
    ]);
    assert.ok(runbook.levels.every((level) => level.origin === 'default' && level.responseMinutes === null));
    assert.deepStrictEqual([runbook.incidents, runbook.diagnostics, runbook.updateCadence, runbook.escalation], [[], [], [], []]);
    assert.deepStrictEqual(codes(runbook.problems), ['default-levels'], 'only the default-levels notice');
  });

  it('a status-update template in an untagged fence with plain "Field: value" lines; log lines and config are not templates', () => {
    const runbook = parseShape('template-untagged-fence.md');
    assert.strictEqual(runbook.template?.origin, 'runbook');
    assert.strictEqual(runbook.template?.source?.line, 5);
    assert.deepStrictEqual(runbook.template?.fields.map((field) => [field.name, field.placeholder]), [
      ['Incident', '[one line, what customers see]'],
      ['Status', 'Investigating | Identified | Monitoring | Resolved'],
      ['Impact', '[which merchants, which card schemes]'],
      ['Started', '[time UTC]'],
      ['Next update', '[time UTC]'],
    ]);
    assert.deepStrictEqual(runbook.template?.fields[1].choices, ['Investigating', 'Identified', 'Monitoring', 'Resolved']);
    assert.deepStrictEqual(runbook.diagnostics, []);
  });

  it('a template in an untagged fence of `- **Field**: value` bullets', () => {
    const runbook = parseShape('template-untagged-fence-bold-list.md');
    assert.deepStrictEqual(runbook.template?.fields.map((field) => field.name), ['Summary', 'Severity', 'Current status', 'Customer impact', 'Owner']);
    assert.deepStrictEqual(runbook.template?.fields[2].choices, ['Investigating', 'Mitigating', 'Resolved']);
    assert.deepStrictEqual(runbook.diagnostics.map((step) => step.commands), [['curl -s http://[node]:9200/_cat/nodes?v']]);
  });

  it('cadence in prose: "every 20–30 minutes" for SEV1 is 20, "hourly updates" for SEV2 is 60, a dashboard refresh is no cadence', () => {
    const runbook = parseShape('cadence-prose.md');
    assert.deepStrictEqual((runbook.updateCadence ?? []).map((cadence) => [cadence.levels, cadence.minutes, cadence.source?.line]), [[[1], 20, 12], [[2], 60, 12]]);
    assert.ok(runbook.updateCadence?.[1].text.startsWith('SEV2 incidents get hourly updates'));
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', undefined, 15], ['SEV2', undefined, 60], ['SEV3', undefined, 'nextBusinessDay']]);
    assert.deepStrictEqual(runbook.incidents, [], 'a "## Severity" section is no alert playbook');
    assert.deepStrictEqual(steps(runbook), [['Look at the queue depth on each broker', ['rabbitmqctl list_queues name messages consumers']]]);
  });

  it('escalation written only in prose is kept as text rules with no time, and said to run no clock', () => {
    const runbook = parseShape('escalation-prose.md');
    assert.deepStrictEqual(runbook.escalation.map((rule) => [rule.contact, rule.afterMinutes, rule.source?.line]), [
      ['the billing on-call engineer', null, 10], ['the billing team lead', null, 10], ['the head of finance', null, 10],
    ]);
    assert.ok(runbook.escalation[2].when.startsWith('When customers were charged twice'));
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', 'Critical', null], ['SEV2', 'Major', null], ['SEV3', 'Minor', null]]);
    assert.ok(problemLinesOf(runbook).includes('11:escalation-no-clock'));
    assert.ok(!codes(runbook.problems).includes('no-escalation-rules') && !codes(runbook.problems).includes('escalation-unreadable'));
  });

  it('YAML front matter is no part of the runbook: the title, levels and lines are those of the Markdown', () => {
    const runbook = parseShape('front-matter-yaml-runbook.md');
    assert.strictEqual(runbook.title, 'Wiki Search Runbook');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', undefined, 30], ['SEV2', undefined, 240]]);
    assert.deepStrictEqual(runbook.levels.map((level) => level.source?.line), [13, 14]);
    assert.deepStrictEqual(steps(runbook), [
      ['Is the indexer running?', ['systemctl status wiki-indexer']],
      ['How far behind is it?', ['journalctl -u wiki-indexer --since "1 hour ago" | grep -c indexed']],
    ]);
  });

  it('a Confluence export (HTML page, <th> cells in <tbody>, <p> inside cells) gives its P1–P3 and their first-response times', () => {
    const runbook = parseShape('levels-confluence-html-export.md');
    assert.deepStrictEqual(clocks(runbook.levels), [['SEV1', 'P1', 15], ['SEV2', 'P2', 60], ['SEV3', 'P3', null]]);
    assert.strictEqual(runbook.levels[0].impact, 'Core platform unavailable for all tenants');
    assert.ok(runbook.levels.every((level) => level.origin === 'runbook'));
  });

  it('forty alert playbooks under ## and ### headings, each named by its alert (unique), with its own steps only', () => {
    const runbook = parseShape('playbooks-forty-alerts-mixed-headings.md');
    assert.strictEqual(runbook.incidents.length, 41);
    const ids = runbook.incidents.map((incident) => incident.id);
    assert.strictEqual(new Set(ids).size, ids.length, 'ids are unique');
    assert.deepStrictEqual([ids[0], ids[7], ids[21], ids[32], ids[40]], ['postgres-replication-lag', 'pg-bouncer-pool-exhausted', 'kube-api-errors-high', 'high-error-rate', 'high-error-rate-2']);
    assert.ok(!ids.some((id) => /^INC-\d+$/.test(id)));
    const first = runbook.incidents[0];
    assert.deepStrictEqual([first.title, first.severity, first.rootCauses, first.resolution], [
      'PostgresReplicationLag', 'critical', ['A recent change to the postgres configuration', 'Not enough capacity for the current load'], 'scale up and watch the alert clear.',
    ]);
    assert.deepStrictEqual(runbook.incidents[32].rootCauses, ['A recent change to the high configuration', 'Not enough capacity for the current load'], 'the sentence after the causes is not one');
    assert.deepStrictEqual(runbook.incidents[32].steps.map((step) => [step.question, step.command]), [['Check the current state of high', 'kubectl get pods -n [namespace]']]);
    assert.ok(runbook.incidents.every((incident) => incident.steps.length === 1));
    assert.deepStrictEqual(runbook.diagnostics, [], 'no command is listed twice');
  });

  it('inline commands in numbered steps and `- [ ]` items of a playbook are its steps, named by their words; other inline code is not', () => {
    const runbook = parseShape('playbooks-inline-command-steps.md');
    const steps = (id: string): Array<[string, string | null, number | undefined]> =>
      (runbook.incidents.find((incident) => incident.id === id)?.steps ?? []).map((step) => [step.question, step.command, step.source && step.source.line + 1]);
    assert.deepStrictEqual(runbook.incidents.map((incident) => incident.id), ['worker-queue-backlog', 'worker-out-of-memory', 'worker-crash-loop']);
    assert.deepStrictEqual(steps('worker-queue-backlog'), [
      ['See how deep the queue is', 'redis-cli -h [redis-host] llen jobs', 9],
      ['List the workers and their restarts', 'kubectl get pods -n workers -o wide', 10],
      ['Scale the workers up', 'kubectl scale deployment worker -n workers --replicas=[count]', 12],
      ['Look for a stuck job', 'kubectl logs deploy/worker -n workers --since=15m | grep -i timeout', 18],
    ]);
    // Still a step to tick as well as one to run.
    assert.deepStrictEqual(runbook.incidents[0].protocol.map((step) => step.source && step.source.line + 1), [17, 18]);
    assert.deepStrictEqual(steps('worker-out-of-memory'), [
      ['Find the pod that was killed', 'kubectl get events -n workers --field-selector reason=OOMKilling', 25],
      ['Raise the memory limit in values.yaml, then roll it out', 'helm upgrade worker charts/worker -n workers', 26],
    ]);
    assert.deepStrictEqual(steps('worker-crash-loop'), [
      ['Check the restarts', 'kubectl get pods -n workers', 35],
      ['Compare `config/workers.yaml` with the last release', null, 36],
    ]);
    const allSteps = runbook.incidents.flatMap((incident) => incident.steps);
    assert.ok(allSteps.every((step) => !/^step \d+$/i.test(step.question)), 'never "Step N"');
    assert.deepStrictEqual(runbook.incidents[0].steps[2].placeholders, ['count']);
  });

  it("a playbook's `- [ ]` items are its own protocol; the ones above every playbook are the runbook's", () => {
    const runbook = parseShape('playbooks-with-checklists.md');
    assert.deepStrictEqual(runbook.incidents.map((incident) => [incident.id, ticks(incident.protocol)]), [
      ['high-error-rate', [[null, 'Find the origin with the most errors on the edge dashboard', 16], [null, 'Roll back the last config push if it is less than an hour old', 17]]],
      ['tls-handshake-failures', [
        [null, 'Check the certificate dates with `openssl s_client -connect [host]:443 -servername [host]`', 29],
        ['IMMEDIATE', 'Page the security on-call if the certificate was replaced by someone else', 30],
      ]],
    ]);
    assert.deepStrictEqual(runbook.incidents[1].rootCauses, ['An expired certificate']);
    assert.deepStrictEqual(runbook.incidents[0].steps.map((step) => step.command), ['edgectl errors --top 5']);
    assert.deepStrictEqual(ticks(runbook.protocol), [[null, 'Post the alert in #edge-oncall', 5], [null, 'Check the status page for a provider incident', 6]]);
    assert.deepStrictEqual(runbook.diagnostics, []);
  });
});

function problemLinesOf(runbook: Runbook): string[] {
  return runbook.problems.map((problem) => `${problem.line + 1}:${problem.code}`);
}
