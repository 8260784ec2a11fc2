package io.tourbook.cli;

import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --page} and {@code --size} of list commands; the node caps the size. */
final class PageOptions {

  @Option(names = "--page", paramLabel = "N", defaultValue = "1", description = "Page, from 1.")
  int page;

  @Option(
      names = "--size",
      paramLabel = "N",
      defaultValue = "20",
      description = "Items per page (the node caps it). Default: ${DEFAULT-VALUE}.")
  int size;

  /** Adds page and size to {@code query}, or a usage error when they are not positive. */
  Map<String, Object> addTo(Map<String, Object> query, CommandSpec spec) {
    if (page < 1 || size < 1) {
      throw new ParameterException(spec.commandLine(), "--page and --size must be 1 or more.");
    }
    query.put("page", page);
    query.put("size", size);
    return query;
  }
}
