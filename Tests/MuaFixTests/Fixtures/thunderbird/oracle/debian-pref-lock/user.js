lock_pref("mail.smtpserver.smtp1.try_ssl", 3);
pref("mail.smtpserver.smtp1.port", 465);
pref("mail.smtpserver.smtp2.try_ssl", 2);
