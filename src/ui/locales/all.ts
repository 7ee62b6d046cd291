/**
 * Every shipped dictionary, for the npm entries (`dist/parley.js` fetches them one at a time instead).
 * The build finds them: every file of this folder but English and this one.
 */
import { addDictionary } from '../dictionaries';
import type { Strings } from './en';

const dictionaries = import.meta.glob<Strings>(['./*.ts', '!./en.ts', '!./all.ts'], { eager: true, import: 'default' });

/** Makes every shipped language available to the UI. */
export function addDictionaries(): void {
  for (const [path, strings] of Object.entries(dictionaries)) addDictionary(path.slice(2, -3), strings);
}
