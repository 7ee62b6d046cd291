/** `dist/parley-locale-de.js`: the German strings, fetched by `dist/parley.js` the first time a widget speaks German. */
import { addDictionary } from '../../ui/dictionaries';
import de from '../../ui/locales/de';
import { sameBuild } from '../same-build';

if (sameBuild) addDictionary('de', de);
