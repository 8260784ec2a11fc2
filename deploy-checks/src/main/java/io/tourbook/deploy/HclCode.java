package io.tourbook.deploy;

/**
 * The code of an HCL file with comments and the literal text of strings and heredocs blanked out,
 * keeping the expressions inside {@code ${...}} interpolations. References are found in this text:
 * hcl4j evaluates expressions as it parses (a function call becomes null, a for expression an
 * opaque object), so the references inside them are not in its result.
 */
final class HclCode {

  private final String source;
  private final StringBuilder code;
  private int position;

  private HclCode(String source) {
    this.source = source;
    this.code = new StringBuilder(source.length());
  }

  static String of(String source) {
    HclCode scanner = new HclCode(source);
    scanner.expression(false);
    return scanner.code.toString();
  }

  /** Copies code up to the end, or up to the brace closing an interpolation. */
  private void expression(boolean interpolation) {
    int depth = 0;
    while (position < source.length()) {
      char c = source.charAt(position);
      if (c == '"') {
        blank(1);
        string();
      } else if (c == '#' || startsWith("//")) {
        skipLine();
      } else if (startsWith("/*")) {
        int end = source.indexOf("*/", position + 2);
        blank((end < 0 ? source.length() : end + 2) - position);
      } else if (startsWith("<<")) {
        heredoc();
      } else if (interpolation && c == '}' && depth == 0) {
        blank(1);
        return;
      } else {
        if (c == '{') {
          depth++;
        } else if (c == '}') {
          depth--;
        }
        code.append(c);
        position++;
      }
    }
  }

  private void string() {
    while (position < source.length()) {
      char c = source.charAt(position);
      if (c == '\\') {
        blank(Math.min(2, source.length() - position));
      } else if (startsWith("$${") || startsWith("%%{")) {
        blank(3);
      } else if (startsWith("${") || startsWith("%{")) {
        blank(2);
        expression(true);
      } else if (c == '"') {
        blank(1);
        return;
      } else {
        blank(1);
      }
    }
  }

  private void heredoc() {
    int lineEnd = source.indexOf('\n', position);
    if (lineEnd < 0) {
      blank(source.length() - position);
      return;
    }
    String marker = source.substring(position + 2, lineEnd).replace("-", "").strip();
    blank(lineEnd + 1 - position);
    while (position < source.length()) {
      int end = source.indexOf('\n', position);
      int stop = end < 0 ? source.length() : end + 1;
      if (source.substring(position, stop).strip().equals(marker)) {
        blank(stop - position);
        return;
      }
      while (position < stop) {
        if (startsWith("$${")) {
          blank(3);
        } else if (startsWith("${")) {
          blank(2);
          expression(true);
        } else {
          blank(1);
        }
      }
    }
  }

  private void skipLine() {
    int end = source.indexOf('\n', position);
    blank((end < 0 ? source.length() : end) - position);
  }

  private boolean startsWith(String prefix) {
    return source.startsWith(prefix, position);
  }

  /** Replaces the next characters with spaces, keeping line breaks so lines still count. */
  private void blank(int length) {
    for (int i = 0; i < length; i++) {
      code.append(source.charAt(position) == '\n' ? '\n' : ' ');
      position++;
    }
  }
}
