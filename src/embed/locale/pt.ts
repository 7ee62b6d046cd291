/** `dist/parley-locale-pt.js`: the Portuguese strings, fetched by `dist/parley.js` the first time a widget speaks Portuguese. */
import { addDictionary } from '../../ui/dictionaries';
import pt from '../../ui/locales/pt';
import { sameBuild } from '../same-build';

if (sameBuild) addDictionary('pt', pt);
