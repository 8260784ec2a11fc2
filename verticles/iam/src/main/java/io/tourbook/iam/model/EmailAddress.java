package io.tourbook.iam.model;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.Locale;

/**
 * What makes two e-mail addresses the same identity, and which addresses are refused because they
 * only look like another one. An address is trimmed, NFKC-normalised (fullwidth letters become
 * ASCII, ligatures their letters) and lower-cased with {@link Locale#ROOT}; it is refused when it
 * holds a control or invisible formatting character (NUL, newline, zero-width space, ...), a
 * dotless i or a dotted capital I (whose lower case differs between locales), a part that begins or
 * ends with a dot or holds two in a row, or a part or domain label that mixes scripts (a Cyrillic a
 * in a Latin name). Registration and login use the same rule.
 */
public final class EmailAddress {

  private EmailAddress() {}

  /** The address as stored and shown: trimmed and NFKC-normalised, its case kept. */
  public static String display(String raw) {
    refuseInvisible(raw, false);
    String normalised = Normalizer.normalize(raw.strip(), Normalizer.Form.NFKC);
    refuseInvisible(normalised, true);
    int at = normalised.lastIndexOf('@');
    if (at <= 0 || at == normalised.length() - 1 || normalised.indexOf('@') != at) {
      throw new IllegalArgumentException("The e-mail address needs one @ between two parts.");
    }
    String local = normalised.substring(0, at);
    String domain = normalised.substring(at + 1);
    refuseStrayDots(local, "part before the @");
    refuseStrayDots(domain, "domain");
    refuseMixedScripts(local, "part before the @");
    for (String label : domain.split("\\.")) {
      refuseMixedScripts(label, "domain");
    }
    return normalised;
  }

  /** The key an identity is unique under: {@link #display} in lower case. */
  public static String key(String raw) {
    return display(raw).toLowerCase(Locale.ROOT);
  }

  /** Spaces are refused only once the address is trimmed. */
  private static void refuseInvisible(String text, boolean spaces) {
    text.codePoints()
        .forEach(
            c -> {
              int type = Character.getType(c);
              if (type == Character.CONTROL
                  || type == Character.FORMAT
                  || type == Character.LINE_SEPARATOR
                  || type == Character.PARAGRAPH_SEPARATOR
                  || type == Character.PRIVATE_USE
                  || type == Character.SURROGATE
                  || type == Character.UNASSIGNED) {
                throw new IllegalArgumentException(
                    "The e-mail address holds an invisible or control character.");
              }
              if (spaces && (Character.isWhitespace(c) || Character.isSpaceChar(c))) {
                throw new IllegalArgumentException("The e-mail address holds a space.");
              }
              if (c == '\u0131' || c == '\u0130' || c == '\u0307') {
                throw new IllegalArgumentException(
                    "The e-mail address holds a dotless i or a dotted capital I; write i.");
              }
            });
  }

  private static void refuseStrayDots(String part, String name) {
    if (part.startsWith(".") || part.endsWith(".") || part.contains("..")) {
      throw new IllegalArgumentException(
          "The " + name + " of the e-mail address begins or ends with a dot, or has two in a row.");
    }
  }

  /** One script per part, not counting digits, punctuation and marks (Common, Inherited). */
  private static void refuseMixedScripts(String part, String name) {
    UnicodeScript seen = null;
    for (int c : part.codePoints().toArray()) {
      UnicodeScript script = UnicodeScript.of(c);
      if (script == UnicodeScript.COMMON || script == UnicodeScript.INHERITED) {
        continue;
      }
      if (seen != null && script != seen) {
        throw new IllegalArgumentException(
            "The "
                + name
                + " of the e-mail address mixes scripts ("
                + seen
                + " and "
                + script
                + "), as look-alike addresses do.");
      }
      seen = script;
    }
  }
}
