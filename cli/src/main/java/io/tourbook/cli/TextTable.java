package io.tourbook.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A plain-text table that fits a width: the widest columns shrink first, and cells longer than
 * their column end with an ellipsis.
 */
final class TextTable {

  static final String ELLIPSIS = "…";
  private static final String GAP = "  ";
  private static final int MIN_COLUMN = 4;
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]");

  private TextTable() {}

  static String render(List<String> headers, List<List<String>> rows, int width) {
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
    fit(widths, width - GAP.length() * (columns - 1));
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

  /** Shrinks the widest column, one character at a time, until the total fits or none can. */
  private static void fit(int[] widths, int available) {
    int total = 0;
    for (int width : widths) {
      total += width;
    }
    while (total > available) {
      int widest = 0;
      for (int i = 1; i < widths.length; i++) {
        if (widths[i] > widths[widest]) {
          widest = i;
        }
      }
      if (widths[widest] <= MIN_COLUMN) {
        return;
      }
      widths[widest]--;
      total--;
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
