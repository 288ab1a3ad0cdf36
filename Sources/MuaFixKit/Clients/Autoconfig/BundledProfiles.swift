// The text of profiles/asnet.am.xml, so the binary works without the repository next to it.
// AutoconfigBundledProfilesTests fails when the two differ, and its message says how to regenerate this file.

enum BundledProfiles {
    static let files: [(name: String, text: String)] = [("asnet.am.xml", asnetAMXML)]
}

// Keep this literal last in the file: the regeneration command replaces everything after its first line.
private let asnetAMXML = #"""
<?xml version="1.0" encoding="UTF-8"?>
<!--
  ASNET-AM (Armenia's academic network): mail settings for mua-fix and Thunderbird-style autoconfig.
  No public database (Thunderbird's ISPDB included) lists ASNET-AM's mail hosts: these entries are
  ours, and the ASNET-AM helpdesk must confirm the host names and ports before anyone relies on them.
  Only implicit TLS (RFC 8314) is listed; clients take the entries in file order as the preference.
-->
<clientConfig version="1.1">
  <emailProvider id="asnet.am">
    <domain>asnet.am</domain>
    <displayName>ASNET-AM</displayName>
    <displayShortName>ASNET-AM</displayShortName>
    <incomingServer type="imap">
      <hostname>mail.asnet.am</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>mail.asnet.am</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>mail.asnet.am</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>

"""#
