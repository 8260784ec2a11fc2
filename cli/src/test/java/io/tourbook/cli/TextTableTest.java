package io.tourbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Text tables")
class TextTableTest {

  private static final List<String> HEADERS = List.of("ID", "AT", "NOTE");
  private static final List<List<String>> ROWS =
      List.of(
          List.of("0f6a2c1e-5d2b-4d8e-9a1b-2c3d4e5f6a7b", "2026-11-24 09:09:40 UTC", "short"),
          List.of("1", "2026-11-24 09:09:41 UTC", "a long note \u001b[31m that goes on and on"));

  @Test
  @DisplayName("A table fits the width: wide columns shrink with an ellipsis, fixed ones do not")
  void fitsTheWidth() {
    String table = TextTable.render(HEADERS, ROWS, 50, new boolean[] {false, true, false});
    List<String> lines = Arrays.asList(table.split("\n"));
    assertThat(lines)
        .hasSize(3)
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(50));
    assertThat(lines.get(1)).contains("…", "2026-11-24 09:09:40 UTC");
    assertThat(lines.get(2)).contains("2026-11-24 09:09:41 UTC").doesNotContain("\u001b");
  }

  @Test
  @DisplayName("A table that fits is printed whole, aligned on its header")
  void printsWholeWhenItFits() {
    String table = TextTable.render(HEADERS, ROWS, 200);
    assertThat(table).doesNotContain("…").contains("0f6a2c1e-5d2b-4d8e-9a1b-2c3d4e5f6a7b");
    List<String> lines = Arrays.asList(table.split("\n"));
    assertThat(lines.get(1).indexOf("2026")).isEqualTo(lines.get(0).indexOf("AT"));
  }
}
