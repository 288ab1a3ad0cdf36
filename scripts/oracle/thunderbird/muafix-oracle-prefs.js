// Installed into the oracle's private copy of Thunderbird (defaults/pref/): enables oracle.cfg.
pref("general.config.filename", "oracle.cfg");
pref("general.config.obscure_value", 0);
pref("general.config.sandbox_enabled", false);
