// mua-fix Thunderbird oracle: the body of an async function run by oracle.cfg inside Thunderbird,
// with parameters (env, IOUtils, PathUtils, Services, ChromeUtils, Components).
// Returns what Thunderbird makes of the profile; oracle.cfg writes it as JSON.
//
// MUAFIX_ORACLE_MODE=baseline: return only the default-branch prefs (used once per cached install
//   to tell the profile's own pref()/lock_pref() defaults from Thunderbird's built-in ones).
// MUAFIX_ORACLE_PREFS: pref names to dump, separated by spaces or commas; a trailing `*` means
//   "every pref starting with this". MUAFIX_ORACLE_BASELINE: the baseline file, if any.

const Ci = Components.interfaces;
const DEFAULT_PREFS =
  "mail.server.* mail.smtpserver.* mail.identity.* mail.account* mail.smtp.* " +
  "mail.outgoingserver.* mail.smtpservers mail.ui-rdf.version";

// Prefs Thunderbird writes on timers or when a folder is first opened, so present or not
// depending on timing; none of them matters for how it connects.
const VOLATILE_PREFS = /\.(nextFilterTime|directory|directory-rel|storeContractID)$/;

const profileDir = PathUtils.profileDir;
const homeDir = env.get("HOME");

// Paths of the throwaway copy differ on every run; name them instead.
function stable(value) {
  if (typeof value !== "string") {
    return value;
  }
  let text = value.split(profileDir).join("[PROFILE]");
  if (homeDir) {
    text = text.split(homeDir).join("[HOME]");
  }
  return text;
}

// Reads one attribute; a throwing getter is reported, not fatal.
function read(errors, label, getter) {
  try {
    const value = getter();
    return value === undefined ? null : stable(value);
  } catch (e) {
    errors.push(`${label}: ${e.name || e}`);
    return null;
  }
}

const PREF_TYPES = {
  [Ci.nsIPrefBranch.PREF_INT]: "int",
  [Ci.nsIPrefBranch.PREF_STRING]: "string",
  [Ci.nsIPrefBranch.PREF_BOOL]: "bool",
};

function valueOf(branch, name, type) {
  switch (type) {
    case "int":
      return branch.getIntPref(name);
    case "bool":
      return branch.getBoolPref(name);
    default:
      return stable(branch.getStringPref(name));
  }
}

function defaultValue(name) {
  const defaults = Services.prefs.getDefaultBranch("");
  const type = PREF_TYPES[defaults.getPrefType(name)];
  if (!type) {
    return undefined;
  }
  try {
    return { type, value: valueOf(defaults, name, type) };
  } catch (e) {
    return undefined;
  }
}

function selectedPrefNames() {
  const names = new Set();
  const specs = (env.get("MUAFIX_ORACLE_PREFS") || DEFAULT_PREFS).split(/[\s,]+/).filter(Boolean);
  for (const spec of specs) {
    if (spec.endsWith("*")) {
      for (const name of Services.prefs.getChildList(spec.slice(0, -1))) {
        if (!VOLATILE_PREFS.test(name)) {
          names.add(name);
        }
      }
    } else {
      names.add(spec);
    }
  }
  return { names: [...names].sort(), explicit: new Set(specs.filter(s => !s.endsWith("*"))) };
}

if (env.get("MUAFIX_ORACLE_MODE") === "baseline") {
  const defaults = {};
  for (const name of selectedPrefNames().names) {
    const found = defaultValue(name);
    if (found) {
      defaults[name] = found;
    }
  }
  return { ok: true, baseline: defaults };
}

let baseline = {};
const baselinePath = env.get("MUAFIX_ORACLE_BASELINE");
if (baselinePath) {
  baseline = JSON.parse(await IOUtils.readUTF8(baselinePath)).baseline;
}

const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");

const incoming = [];
const identities = [];
const accounts = [];
for (const account of MailServices.accounts.accounts) {
  const errors = [];
  const server = read(errors, "incomingServer", () => account.incomingServer);
  const identityKeys = [];
  for (const identity of account.identities) {
    const idErrors = [];
    identityKeys.push(identity.key);
    const outgoing = read(idErrors, "outgoingServer", () => MailServices.outgoingServer.getServerByIdentity(identity));
    const entry = {
      account: account.key,
      key: identity.key,
      email: read(idErrors, "email", () => identity.email),
      // Thunderbird's own pref value; "" means "use mail.smtp.defaultserver".
      smtpServerKey: read(idErrors, "smtpServerKey", () => identity.smtpServerKey),
      // The outgoing server Thunderbird will actually send through.
      outgoingServer: outgoing ? outgoing.key : null,
    };
    if (idErrors.length) {
      entry.errors = idErrors;
    }
    identities.push(entry);
  }
  accounts.push({ key: account.key, server: server ? server.key : null, identities: identityKeys });
  if (!server) {
    continue;
  }
  const entry = {
    account: account.key,
    key: server.key,
    type: read(errors, "type", () => server.type),
    hostname: read(errors, "hostname", () => server.hostname),
    // nsIMsgIncomingServer.port already is the port Thunderbird connects to (defaults applied).
    port: read(errors, "port", () => server.port),
    socketType: read(errors, "socketType", () => server.socketType),
    authMethod: read(errors, "authMethod", () => server.authMethod),
    username: read(errors, "username", () => server.username),
    isSecure: read(errors, "isSecure", () => server.isSecure),
  };
  if (errors.length) {
    entry.errors = errors;
  }
  incoming.push(entry);
}

const outgoing = [];
for (const server of MailServices.outgoingServer.servers) {
  const errors = [];
  const entry = {
    key: read(errors, "key", () => server.key),
    type: read(errors, "type", () => server.type),
  };
  let smtp = null;
  try {
    smtp = server.QueryInterface(Ci.nsISmtpServer);
  } catch (e) {
    // Not SMTP (EWS, Graph): no host/port of its own, only a URL.
  }
  if (smtp) {
    const portAttribute = read(errors, "port", () => smtp.port);
    const socketType = read(errors, "socketType", () => server.socketType);
    entry.hostname = read(errors, "hostname", () => smtp.hostname);
    // SmtpClient connects to `port || (socketType == SSL ? 465 : 587)`.
    entry.port = portAttribute || (socketType === Ci.nsMsgSocketType.SSL ? 465 : 587);
    entry.portAttribute = portAttribute;
    entry.socketType = socketType;
  } else {
    entry.hostname = null;
    entry.port = null;
    entry.portAttribute = null;
    entry.socketType = read(errors, "socketType", () => server.socketType);
    entry.uri = read(errors, "serverURI", () => server.serverURI.spec);
  }
  entry.authMethod = read(errors, "authMethod", () => server.authMethod);
  entry.username = read(errors, "username", () => server.username);
  if (errors.length) {
    entry.errors = errors;
  }
  outgoing.push(entry);
}

const defaultOutgoing = (() => {
  try {
    const server = MailServices.outgoingServer.defaultServer;
    return server ? server.key : null;
  } catch (e) {
    return null;
  }
})();
const defaultAccount = (() => {
  try {
    const account = MailServices.accounts.defaultAccount;
    return account ? account.key : null;
  } catch (e) {
    return null;
  }
})();

// Prefs last: reading the servers makes Thunderbird write values it derives lazily (isSecure ->
// socketType, mail.smtp.defaultserver), which would otherwise appear or not depending on timing.
const prefs = {};
const { names, explicit } = selectedPrefNames();
for (const name of names) {
  const type = PREF_TYPES[Services.prefs.getPrefType(name)];
  if (!type) {
    if (explicit.has(name)) {
      prefs[name] = { type: "none" };
    }
    continue;
  }
  const entry = { type };
  const locked = Services.prefs.prefIsLocked(name);
  if (Services.prefs.prefHasUserValue(name)) {
    // A locked pref reads as its default; unlock briefly to see the user value it masks.
    if (locked) {
      Services.prefs.unlockPref(name);
    }
    try {
      entry.user = valueOf(Services.prefs, name, type);
    } finally {
      if (locked) {
        Services.prefs.lockPref(name);
      }
    }
  }
  const builtIn = baseline[name];
  const found = defaultValue(name);
  // Keep a default only when the profile set it (Debian's pref()/lock_pref() in prefs.js/user.js).
  if (found && (!builtIn || builtIn.type !== found.type || builtIn.value !== found.value)) {
    entry.default = found.value;
  }
  if (locked) {
    // Thunderbird uses the default value, whatever the user value says.
    entry.locked = true;
  }
  if (explicit.has(name) || "user" in entry || "default" in entry || entry.locked) {
    prefs[name] = entry;
  }
}

return {
  ok: true,
  thunderbird: `${Services.appinfo.version} (${Services.appinfo.appBuildID})`,
  accounts,
  defaultAccount,
  incoming,
  outgoing,
  defaultOutgoingServer: defaultOutgoing,
  identities,
  prefs,
};
