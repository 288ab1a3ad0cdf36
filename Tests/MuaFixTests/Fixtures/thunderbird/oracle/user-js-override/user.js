// Hardening, managed by hand.
user_pref("mail.server.server1.socketType", 3);
user_pref("mail.server.server1.port", 993);
user_pref("mail.server.server2.hostname", "pop-new.example.test");
user_pref("mail.server.server2.socketType", 0);
user_pref("mail.smtpserver.smtp1.try_ssl", 3);
user_pref("mail.smtpserver.smtp1.port", 465);
user_pref("mail.identity.id2.smtpServer", "smtp2");
user_pref("mail.server.server2.port", 110); user_pref("mail.server.server2.port", 1995);
