user_pref("mail.server.server1.socketType", 3);
user_pref("mail.server.server1.port", 993);
user_pref("mail.smtpserver.smtp1.port", 587);
