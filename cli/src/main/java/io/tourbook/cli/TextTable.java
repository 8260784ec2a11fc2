package io.tourbook.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A plain-text table that fits a width: the widest columns shrink first (fixed ones, such as times,
 * never), and cells longer than their column end with an ellipsis.
 */
final class TextTable {

  static final String ELLIPSIS = "…";
  private static final String GAP = "  ";
  private static final int MIN_COLUMN = 4;
  private static final int SHORT = 12;
  private static final int NARROW = 6;
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]");

  private TextTable() {}

  static String render(List<String> headers, List<List<String>> rows, int width) {
    return render(headers, rows, width, new boolean[headers.size()]);
  }

  static String render(List<String> headers, List<List<String>> rows, int width, boolean[] fixed) {
    int columns = headers.size();
    int[] widths = new int[columns];
    List<List<String>> cleaned = new ArrayList<>();
    cleaned.add(headers.stream().map(TextTable::clean).toList());
    rows.forEach(row -> cleaned.add(row.stream().map(TextTable::clean).toList()));
    for (List<String> row : cleaned) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    fit(widths, fixed, width - GAP.length() * (columns - 1));
    StringBuilder text = new StringBuilder();
    for (List<String> row : cleaned) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String cell = truncate(row.get(i), widths[i]);
        line.append(cell);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - cell.length())).append(GAP);
        }
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }

  /**
   * Shrinks the widest column that is not fixed, one character at a time, until the total fits: the
   * long columns (ids, titles) down to {@link #SHORT}, then down to {@link #NARROW} while the short
   * ones (states, counts) stay whole, then any down to {@link #MIN_COLUMN}.
   */
  private static void fit(int[] widths, boolean[] fixed, int available) {
    int total = 0;
    boolean[] isLong = new boolean[widths.length];
    for (int i = 0; i < widths.length; i++) {
      total += widths[i];
      isLong[i] = widths[i] > SHORT;
    }
    int[] floors = {SHORT, NARROW, MIN_COLUMN};
    for (int pass = 0; pass < floors.length; pass++) {
      boolean longOnly = pass < 2;
      while (total > available) {
        int widest = -1;
        for (int i = 0; i < widths.length; i++) {
          boolean shrinkable = !fixed[i] && (isLong[i] || !longOnly);
          if (shrinkable && (widest < 0 || widths[i] > widths[widest])) {
            widest = i;
          }
        }
        if (widest < 0 || widths[widest] <= floors[pass]) {
          break;
        }
        widths[widest]--;
        total--;
      }
    }
  }

  static String truncate(String cell, int width) {
    return cell.length() <= width ? cell : cell.substring(0, width - 1) + ELLIPSIS;
  }

  /** No control characters from the server reach the terminal: they could move the cursor. */
  static String clean(String cell) {
    return cell == null ? "" : CONTROL.matcher(cell).replaceAll(" ");
  }
}
