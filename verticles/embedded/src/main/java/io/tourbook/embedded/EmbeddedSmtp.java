package io.tourbook.embedded;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GreenMail's SMTP server: accepts every message, for every recipient, and keeps it in memory. */
final class EmbeddedSmtp {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedSmtp.class);
  static final String HOST = "127.0.0.1";

  private EmbeddedSmtp() {}

  /**
   * Starts GreenMail with only SMTP. Blocking.
   *
   * @param port the port to listen on, 0 for a free one
   */
  static GreenMail start(int port) {
    ServerSetup setup = new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP);
    GreenMail mail =
        new GreenMail(port == 0 ? setup.dynamicPort() : setup)
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    mail.start();
    log.info("Embedded SMTP (GreenMail) on {}:{}", HOST, mail.getSmtp().getPort());
    return mail;
  }
}
