// The header's language button (#lang) on every console page: the kit's one switch.
import { wireLanguageSwitch } from "/display/static/kit/i18n.js";

wireLanguageSwitch();
