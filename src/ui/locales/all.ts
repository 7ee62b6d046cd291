/** Every shipped dictionary, for the npm entries (`dist/parley.js` fetches them one at a time instead). */
import { addDictionary } from '../i18n';
import fr from './fr';
import de from './de';
import es from './es';
import ar from './ar';

/** Makes every shipped language available to the UI. */
export const addDictionaries = (): void => void Object.entries({ fr, de, es, ar }).map(([lang, text]) => addDictionary(lang, text));
