/** `dist/parley-locale-ar.js`: the Arabic strings, fetched by `dist/parley.js` the first time a widget speaks Arabic. */
import { addDictionary } from '../../ui/dictionaries';
import ar from '../../ui/locales/ar';
import { sameBuild } from '../same-build';

if (sameBuild) addDictionary('ar', ar);
