package io.tourbook.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/** {@code tourbook-admin}: the admins' command line. It speaks HTTP to a node. */
@Command(
    name = "tourbook-admin",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = TourbookAdmin.Version.class,
    description = {
      "Review commands and query every tourbook service from a terminal.",
      "Exit codes: 0 OK, 1 error, 2 usage, 3 not logged in / session expired / not an admin."
    },
    subcommands = {
      HelpCommand.class,
      LoginCommand.class,
      LogoutCommand.class,
      AuditCommands.class,
      AccountCommands.class,
      ListingCommands.class,
      CartCommands.class,
      PaymentCommands.class,
      TourCommands.class,
      AssignmentCommands.class,
      ScheduleCommands.class,
      AvailabilityCommands.class,
      EventCommands.class,
      CompletionCommand.class
    })
public final class TourbookAdmin {

  private final Terminal terminal;

  private TourbookAdmin(Terminal terminal) {
    this.terminal = terminal;
  }

  public static void main(String... args) {
    System.exit(run(System.out, System.err, args));
  }

  /** Runs one command line and returns its exit code; the testable entry point. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    return run(Terminal.system(out, err), args);
  }

  static int run(Terminal terminal, String... args) {
    CommandLine commandLine = commandLine(terminal);
    commandLine.setOut(new PrintWriter(terminal.out(), true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(terminal.err(), true, StandardCharsets.UTF_8));
    return commandLine.execute(args);
  }

  static CommandLine commandLine(Terminal terminal) {
    return new CommandLine(new TourbookAdmin(terminal))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExitCodeExceptionMapper(TourbookAdmin::exitCode)
        .setExecutionExceptionHandler(
            (failure, failed, parsed) -> {
              failed.getErr().println(message(failure));
              return failed.getExitCodeExceptionMapper().getExitCode(failure);
            });
  }

  /** 2 for usage errors (picocli maps those through here too), the known code, else 1. */
  private static int exitCode(Throwable failure) {
    if (failure instanceof ParameterException) {
      return CommandLine.ExitCode.USAGE;
    }
    return failure instanceof CliException known ? known.exitCode() : CliException.FAILED;
  }

  Terminal terminal() {
    return terminal;
  }

  /** What the user reads: the message of a known failure, the kind and message of a bug. */
  private static String message(Exception failure) {
    if (failure instanceof CliException) {
      return "Error: " + failure.getMessage();
    }
    return "Error: "
        + failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : ": " + failure.getMessage())
        + ". Please report it with the command you ran.";
  }

  /** The Maven project version, filtered into {@code version.properties} by the build. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = TourbookAdmin.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {"tourbook-admin " + properties.getProperty("version", "unknown")};
    }
  }
}
