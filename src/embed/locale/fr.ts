/** `dist/parley-locale-fr.js`: the French strings, fetched by `dist/parley.js` the first time a widget speaks French. */
import { addDictionary } from '../../ui/dictionaries';
import fr from '../../ui/locales/fr';
import { sameBuild } from '../same-build';

if (sameBuild) addDictionary('fr', fr);
