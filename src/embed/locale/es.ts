/** `dist/parley-locale-es.js`: the Spanish strings, fetched by `dist/parley.js` the first time a widget speaks Spanish. */
import { addDictionary } from '../../ui/dictionaries';
import es from '../../ui/locales/es';
import { sameBuild } from '../same-build';

if (sameBuild) addDictionary('es', es);
