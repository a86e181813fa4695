import type { Incident } from '../../core/incident/model';
import { levelNameIn } from '../../core/runbook/levelNames';
import type { Services } from '../services';

/** The incident's level as its runbook names it ("P2"); its SEVn id when the runbook is gone or lacks the level. */
export async function incidentLevelName(services: Pick<Services, 'runbookOf'>, incident: Incident): Promise<string> {
  return levelNameIn((await services.runbookOf(incident))?.runbook.levels, incident.level);
}
