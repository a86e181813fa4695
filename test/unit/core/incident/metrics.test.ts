import * as assert from 'assert';
import { declare } from '../../../../src/core/incident/lifecycle';
import { csvField, incidentMetrics, median, summarizeIncidents, toCsv } from '../../../../src/core/incident/metrics';
import { at, fixtureIncident, fixtureRunbook } from './fixtures';

const runbook = fixtureRunbook();
const now = at('2026-12-10T00:00:00Z');
const options = { now, runbookFor: () => runbook };

describe('incident metrics, exact to the second', () => {
  it('resolved on time', () => {
    const m = incidentMetrics(fixtureIncident('resolved-on-time.md'), runbook, { now });
    assert.strictEqual(m.timeToAcknowledgeSeconds, 192);
    assert.strictEqual(m.timeToMitigateSeconds, 1290);
    assert.strictEqual(m.timeToResolveSeconds, 2945);
    assert.deepStrictEqual(m.responseSla, {
      due: '2026-11-27T05:41:00Z',
      minutes: 60,
      status: 'met',
      marginSeconds: 3408,
      respondedAt: '2026-11-27T04:44:12Z',
    });
    assert.deepStrictEqual(m.updates, {
      cadenceMinutes: 60,
      updatesPosted: 1,
      missed: 0,
      longestGapSeconds: 1740,
      worstOverrunSeconds: 0,
      kept: true,
    });
    assert.deepStrictEqual(m.escalations, []);
    assert.strictEqual(m.reopenCount, 0);
  });

  it('SLA missed', () => {
    const m = incidentMetrics(fixtureIncident('sla-missed.md'), runbook, { now });
    assert.strictEqual(m.timeToAcknowledgeSeconds, 1300);
    assert.strictEqual(m.responseSla?.status, 'missed');
    assert.strictEqual(m.responseSla?.marginSeconds, -400);
    assert.deepStrictEqual(m.updates, {
      cadenceMinutes: 30,
      updatesPosted: 1,
      missed: 1,
      longestGapSeconds: 2100,
      worstOverrunSeconds: 300,
      kept: false,
    });
    assert.deepStrictEqual(m.escalations, [{ level: 'L2', at: '2026-11-28T22:40:00Z', afterSeconds: 1800 }]);
  });

  it('escalated', () => {
    const m = incidentMetrics(fixtureIncident('escalated.md'), runbook, { now });
    assert.deepStrictEqual(
      [m.timeToAcknowledgeSeconds, m.timeToMitigateSeconds, m.timeToResolveSeconds, m.responseSla?.marginSeconds],
      [300, 3000, 4800, 600],
    );
    assert.deepStrictEqual(m.escalations, [
      { level: 'L2', at: '2026-12-01T10:30:00Z', afterSeconds: 1800 },
      { level: 'L3', at: '2026-12-01T11:02:00Z', afterSeconds: 3720 },
    ]);
    assert.strictEqual(m.updates.kept, true);
    assert.strictEqual(m.updates.longestGapSeconds, 1740);
  });

  it('reopened: the resolved stretch does not count against the update cadence', () => {
    const m = incidentMetrics(fixtureIncident('reopened.md'), runbook, { now });
    assert.deepStrictEqual(
      [m.timeToAcknowledgeSeconds, m.timeToMitigateSeconds, m.timeToResolveSeconds, m.durationSeconds],
      [1200, 3000, 18000, 18000],
    );
    assert.strictEqual(m.reopenCount, 1);
    assert.deepStrictEqual(
      [m.updates.updatesPosted, m.updates.missed, m.updates.longestGapSeconds],
      [1, 0, 5400],
    );
    // With a 60-minute cadence, the 90 minutes from reopening to the update are a miss by 30 minutes.
    const strict = incidentMetrics(fixtureIncident('reopened.md'), runbook, { now, cadence: { 3: 60 } });
    assert.deepStrictEqual([strict.updates.missed, strict.updates.worstOverrunSeconds], [1, 1800]);
  });

  it('update cadence at its boundary: exactly the cadence is kept, one second more is a miss', () => {
    const declared = declare({ title: 'Cadence', level: 2, commander: 'a', runbook }, at('2026-12-09T10:00:00Z'));
    assert.ok(declared.ok);
    const withUpdateAt = (time: string) => ({
      ...declared.incident,
      timeline: [...declared.incident.timeline, { at: time, kind: 'update', text: 'Status update posted' }],
    });
    const onTime = incidentMetrics(withUpdateAt('2026-12-09T11:00:00Z'), runbook, { now: at('2026-12-09T11:30:00Z') });
    assert.deepStrictEqual([onTime.updates.kept, onTime.updates.missed], [true, 0]);
    const late = incidentMetrics(withUpdateAt('2026-12-09T11:00:01Z'), runbook, { now: at('2026-12-09T11:30:00Z') });
    assert.deepStrictEqual([late.updates.kept, late.updates.missed, late.updates.worstOverrunSeconds], [false, 1, 1]);
  });

  it('an open, unacknowledged incident: SLA pending until the deadline, then missed', () => {
    const declared = declare({ title: 'Open', level: 1, commander: 'a', runbook }, at('2026-12-09T23:00:00Z'));
    assert.ok(declared.ok);
    const pending = incidentMetrics(declared.incident, runbook, { now: at('2026-12-09T23:10:00Z') });
    assert.deepStrictEqual([pending.responseSla?.status, pending.responseSla?.marginSeconds], ['pending', 300]);
    const missed = incidentMetrics(declared.incident, runbook, { now: at('2026-12-09T23:20:00Z') });
    assert.deepStrictEqual([missed.responseSla?.status, missed.responseSla?.marginSeconds], ['missed', -300]);
    assert.strictEqual(missed.timeToResolveSeconds, null);
    assert.strictEqual(missed.durationSeconds, 1200);
  });
});

describe('incident history', () => {
  const incidents = ['resolved-on-time.md', 'sla-missed.md', 'escalated.md', 'reopened.md'].map(fixtureIncident);

  it('medians of odd and even counts', () => {
    assert.strictEqual(median([]), null);
    assert.strictEqual(median([5, 1, 3]), 3);
    assert.strictEqual(median([1300, 300]), 800);
  });

  it('summarises per level: counts, open, medians, SLA results', () => {
    const open = declare({ title: 'Still open', level: 2, commander: 'a', runbook }, at('2026-12-09T10:00:00Z'));
    assert.ok(open.ok);
    const summary = summarizeIncidents([...incidents, open.incident], options);
    assert.deepStrictEqual(summary, [
      { level: 1, name: 'SEV1', count: 2, open: 0, medianTimeToAcknowledgeSeconds: 800, medianTimeToResolveSeconds: 4065, slaMet: 1, slaMissed: 1, medianFailedDeploymentRecoverySeconds: null },
      { level: 2, name: 'SEV2', count: 2, open: 1, medianTimeToAcknowledgeSeconds: 192, medianTimeToResolveSeconds: 2945, slaMet: 1, slaMissed: 1, medianFailedDeploymentRecoverySeconds: null },
      { level: 3, name: 'SEV3', count: 1, open: 0, medianTimeToAcknowledgeSeconds: 1200, medianTimeToResolveSeconds: 18000, slaMet: 1, slaMissed: 0, medianFailedDeploymentRecoverySeconds: null },
    ]);
  });

  it('no cell of the export is a live formula, whether the spreadsheet reads it with `,` or `;`', () => {
    const payloads = ['=1+1', '+1+1', '-1+1', '@SUM(A1)', ' =1+1', '\t=1+1', '\r=1', 'ok;=1+1', 'ok,=1+1', 'ok; =1+1', 'ok\n=1+1', 'x";=1;"', 'a;b', '=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0", 'ok;@SUM(1)'];
    const hostile = payloads.map((p, i) => ({ ...incidents[i % incidents.length], title: p, commander: p, escalations: ['oncall', p, `x;${p}`], runbook: p, knownIncident: p }));
    const csv = toCsv(hostile, options);
    for (const separator of [',', ';']) {
      const rows = readCsv(csv, separator);
      assert.strictEqual(separator === ',' ? rows.length : rows.length > 0, separator === ',' ? hostile.length + 1 : true);
      for (const row of rows) {
        for (const cell of row) {
          if (/^-?\d+$/.test(cell)) continue; // a number (a negative SLA margin) is a value, not a formula
          assert.ok(!/^[ \t]*[=+\-@]|^[\t\r]/.test(cell), `${JSON.stringify(cell)} would run as a formula (read with ${JSON.stringify(separator)})`);
        }
      }
    }
    // Read with its own separator, every field is whole: the title is the payload behind one apostrophe at most.
    const titles = readCsv(csv, ',').slice(1).map((row) => row[1]);
    titles.forEach((title, i) => assert.strictEqual(title.replace(/'/g, ''), payloads[i].replace(/'/g, ''), `row ${i + 1}`));
  });

  it('exports CSV with RFC 4180 quoting and CRLF rows', () => {
    assert.strictEqual(csvField('plain'), 'plain');
    assert.strictEqual(csvField('a,b'), '"a,b"');
    assert.strictEqual(csvField('say "hi"'), '"say ""hi"""');
    assert.strictEqual(csvField('two\nlines'), '"two\nlines"');
    assert.strictEqual(csvField(null), '');
    assert.strictEqual(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`, 'a formula is neutralised');
    assert.strictEqual(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.strictEqual(csvField(-400), '-400', 'numbers stay numbers');
    const tricky = { ...incidents[0], title: 'Checkout, "EU"\nlatency' };
    const csv = toCsv([tricky, incidents[1]], options);
    const rows = csv.split('\r\n');
    assert.strictEqual(rows.length, 4, 'header, two rows, final empty string');
    assert.strictEqual(rows[3], '');
    assert.ok(rows[0].startsWith('id,title,level,level_name,status,'));
    assert.ok(rows[1].startsWith('2026-11-27-checkout-latency,"Checkout, ""EU""\nlatency",2,SEV2,Resolved,alice,'));
    assert.ok(rows[1].includes(',192,1290,2945,met,3408,0,,0,INC-001,runbooks/RUNBOOK.md'), rows[1]);
    assert.ok(rows[2].includes(',1300,3000,3330,missed,-400,1,L2,0,,runbooks/RUNBOOK.md'), rows[2]);
  });

  it('DORA failed deployment recovery time: from the confirmed trigger commit to the resolution, in the summary and the CSV', () => {
    const triggered = fixtureIncident('trigger-confirmed.md');
    // Committed 08:30:00, resolved 11:15:30.
    assert.strictEqual(incidentMetrics(triggered, runbook, { now }).failedDeploymentRecoverySeconds, 9930);
    assert.strictEqual(incidentMetrics(incidents[0], runbook, { now }).failedDeploymentRecoverySeconds, null, 'no trigger confirmed, no figure');
    const reopened = { ...triggered, resolved: null };
    assert.strictEqual(incidentMetrics(reopened, runbook, { now }).failedDeploymentRecoverySeconds, null, 'open: not recovered yet');
    const cleared = { ...triggered, timeline: [...triggered.timeline, { at: '2026-11-29T12:30:00Z', kind: 'trigger', text: 'Trigger change: none of the listed changes' }] };
    assert.strictEqual(incidentMetrics(cleared, runbook, { now }).failedDeploymentRecoverySeconds, null, 'a later "none" clears it');
    const level2 = summarizeIncidents([incidents[0], triggered], options).find((s) => s.level === 2);
    assert.strictEqual(level2?.medianFailedDeploymentRecoverySeconds, 9930, 'the median is over the incidents with a figure');
    const rows = readCsv(toCsv([triggered, incidents[0]], options), ',');
    assert.deepStrictEqual(rows[0].slice(-2), ['trigger_commit', 'failed_deployment_recovery_s']);
    assert.deepStrictEqual(rows[1].slice(-2), ['3b1d2c4e5f60718293a4b5c6d7e8f90123456789', '9930']);
    assert.deepStrictEqual(rows[2].slice(-2), ['', '']);
  });
});

/** A spreadsheet's reading of CSV: `separator` between cells, a quote only opens a quoted cell at its start. */
function readCsv(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let atStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && atStart) {
      quoted = true;
      atStart = false;
    } else if (c === separator) {
      row.push(cell);
      cell = '';
      atStart = true;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atStart = true;
      i++;
    } else {
      cell += c;
      atStart = false;
    }
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
