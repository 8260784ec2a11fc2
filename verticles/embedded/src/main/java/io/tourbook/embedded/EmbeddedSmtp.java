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

  /**
   * Jakarta Mail finds its stream provider anew for every header block and body part it parses,
   * through a ServiceLoader that reads every jar of the class path, unless this property names it:
   * 4 % of all the CPU samples of a bench capacity run went there.
   */
  private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

  private static final String ANGUS_STREAM_PROVIDER =
      "org.eclipse.angus.mail.util.MailStreamProvider";

  private EmbeddedSmtp() {}

  /**
   * Starts GreenMail with only SMTP. Blocking.
   *
   * @param port the port to listen on, 0 for a free one
   */
  static GreenMail start(int port) {
    System.getProperties().putIfAbsent(STREAM_PROVIDER, ANGUS_STREAM_PROVIDER);
    ServerSetup setup = new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP);
    GreenMail mail =
        new GreenMail(port == 0 ? setup.dynamicPort() : setup)
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    mail.start();
    log.info("Embedded SMTP (GreenMail) on {}:{}", HOST, mail.getSmtp().getPort());
    return mail;
  }
}
