package io.tourbook.platform.mail;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;

/**
 * The e-mails the node's SMTP server received, where that server is the embedded development one:
 * each {@code {messageId, from, to, subject, receivedAt, text}}, oldest first. The launcher of the
 * development jar provides it; a node sending to a real SMTP server has none.
 */
@FunctionalInterface
public interface SentMail {

  Future<JsonArray> list();
}
