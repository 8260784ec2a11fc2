package io.tourbook.platform.http;

import java.util.regex.Pattern;

/** The ids the API takes from callers: 1 to 64 of {@code [A-Za-z0-9_-]}. */
public final class Ids {

  public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Ids() {}

  public static boolean valid(String value) {
    return value != null && PATTERN.matcher(value).matches();
  }
}
