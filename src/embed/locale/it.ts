/** `dist/parley-locale-it.js`: the Italian strings, fetched by `dist/parley.js` the first time a widget speaks Italian. */
import { addDictionary } from '../../ui/dictionaries';
import it from '../../ui/locales/it';
import { sameBuild } from '../same-build';

if (sameBuild) addDictionary('it', it);
