/** `dist/parley-locale-pl.js`: the Polish strings, fetched by `dist/parley.js` the first time a widget speaks Polish. */
import { addDictionary } from '../../ui/dictionaries';
import pl from '../../ui/locales/pl';
import { sameBuild } from '../same-build';

if (sameBuild) addDictionary('pl', pl);
