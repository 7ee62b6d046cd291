/** `dist/parley-locale-nl.js`: the Dutch strings, fetched by `dist/parley.js` the first time a widget speaks Dutch. */
import { addDictionary } from '../../ui/dictionaries';
import nl from '../../ui/locales/nl';
import { sameBuild } from '../same-build';

if (sameBuild) addDictionary('nl', nl);
