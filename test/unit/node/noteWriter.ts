// A second process for the note stress test: appends N timeline events to one note through the same file
// primitives the extension's store uses (lock, read the note as it is now, update, atomic rename).
import * as lifecycle from '../../../src/core/incident/lifecycle';
import { parseIncidentNote, updateIncidentNote } from '../../../src/core/incident/note';
import { updateNoteFile } from '../../../src/node/noteFiles';

async function main(): Promise<void> {
  const [file, writer, countText] = process.argv.slice(2);
  const count = Number(countText);
  for (let i = 0; i < count; i++) {
    await updateNoteFile(file, (text) => {
      const parsed = parseIncidentNote(text, 'stress.md');
      if (!parsed.ok) throw new Error(`note became unreadable: ${JSON.stringify(parsed.problems)}`);
      const result = lifecycle.addEvent(parsed.incident, { kind: 'note', text: `${writer} event ${i}` }, new Date());
      if (!result.ok) throw new Error(result.error.message);
      return updateIncidentNote(text, result.incident);
    });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
