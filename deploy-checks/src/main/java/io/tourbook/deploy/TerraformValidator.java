package io.tourbook.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a Terraform configuration without the terraform binary: a root module and every local
 * module it calls. Each problem is one line naming the module directory.
 *
 * <ul>
 *   <li>every {@code .tf} file parses (hcl4j);
 *   <li>every reference resolves: {@code var.}, {@code local.}, {@code module.<name>[.<output>]},
 *       {@code data.<type>.<name>} and {@code <type>.<name>} of the providers' resources; every
 *       module call sets only variables the module declares, and all those without a default;
 *   <li>every variable has a type and a description;
 *   <li>every SQS queue is encrypted and either has a dead-letter queue ({@code redrive_policy}) or
 *       is one ({@code redrive_allow_policy});
 *   <li>every EventBridge target has a dead-letter queue and a retry policy;
 *   <li>a file has at most one {@code locals} block, the most hcl4j reads.
 * </ul>
 */
public final class TerraformValidator {

  private static final String NAME = "[A-Za-z_][A-Za-z0-9_-]*";
  private static final Pattern VARIABLE = Pattern.compile("(?<![\\w.])var\\.(" + NAME + ")");
  private static final Pattern LOCAL = Pattern.compile("(?<![\\w.])local\\.(" + NAME + ")");
  private static final Pattern MODULE =
      Pattern.compile("(?<![\\w.])module\\.(" + NAME + ")(?:\\.(" + NAME + "))?");
  private static final Pattern DATA =
      Pattern.compile("(?<![\\w.])data\\.([a-z][a-z0-9_]*)\\.(" + NAME + ")");
  private static final Pattern RESOURCE =
      Pattern.compile("(?<![\\w.])((?:aws|random|tls)_[a-z0-9_]+)\\.(" + NAME + ")");

  private static final Pattern LOCALS_BLOCK = Pattern.compile("(?m)^\\s*locals\\s*\\{");

  /** Arguments of a module block that are not input variables. */
  private static final Set<String> META_ARGUMENTS =
      Set.of("source", "version", "count", "for_each", "providers", "depends_on");

  private final Map<Path, TerraformModule> loaded = new LinkedHashMap<>();
  private final Set<Path> checked = new HashSet<>();
  private final List<String> problems = new ArrayList<>();

  private TerraformValidator() {}

  /** Every problem of the configuration rooted at {@code rootModule}; empty when it is sound. */
  public static List<String> validate(Path rootModule) {
    TerraformValidator validator = new TerraformValidator();
    validator.check(rootModule.normalize(), rootModule.normalize());
    return List.copyOf(validator.problems);
  }

  private TerraformModule module(Path directory) {
    return loaded.computeIfAbsent(directory, TerraformModule::load);
  }

  private void check(Path root, Path directory) {
    if (!checked.add(directory)) {
      return;
    }
    TerraformModule module = module(directory);
    String where = root.relativize(directory).toString();
    String label = where.isEmpty() ? "." : where;
    module.parseErrors().forEach(error -> problems.add(label + ": cannot parse " + error));
    checkVariables(label, module);
    checkReferences(label, module);
    checkQueues(label, module);
    checkEventTargets(label, module);
    for (String call : module.modules().keySet()) {
      Path child = module.moduleDirectory(call);
      if (child == null) {
        continue;
      }
      if (!Files.isDirectory(child)) {
        problems.add(label + ": module " + call + " has no directory " + child);
        continue;
      }
      checkModuleCall(label, call, module.modules().get(call), module(child));
      check(root, child);
    }
  }

  private void checkVariables(String label, TerraformModule module) {
    module
        .variables()
        .forEach(
            (name, body) -> {
              if (!body.containsKey("type")) {
                problems.add(label + ": variable " + name + " has no type");
              }
              if (!(body.get("description") instanceof String text) || text.isBlank()) {
                problems.add(label + ": variable " + name + " has no description");
              }
            });
  }

  private void checkReferences(String label, TerraformModule module) {
    for (Map.Entry<Path, String> file : module.code().entrySet()) {
      String where = label + "/" + file.getKey().getFileName();
      String text = file.getValue();
      if (LOCALS_BLOCK.matcher(text).results().count() > 1) {
        // hcl4j keeps only the last locals block of a file, so the others would go unchecked.
        problems.add(where + ": more than one locals block (keep one per file)");
      }
      find(VARIABLE, text)
          .forEach(
              name -> {
                if (!module.variables().containsKey(name)) {
                  problems.add(where + ": var." + name + " is not declared");
                }
              });
      find(LOCAL, text)
          .forEach(
              name -> {
                if (!module.locals().containsKey(name)) {
                  problems.add(where + ": local." + name + " is not declared");
                }
              });
      find(DATA, text)
          .forEach(
              name -> {
                if (!module.dataSources().containsKey(name)) {
                  problems.add(where + ": data." + name + " is not declared");
                }
              });
      find(RESOURCE, text)
          .forEach(
              name -> {
                if (!module.resources().containsKey(name)) {
                  problems.add(where + ": resource " + name + " is not declared");
                }
              });
      Matcher calls = MODULE.matcher(text);
      while (calls.find()) {
        checkModuleReference(where, module, calls.group(1), calls.group(2));
      }
    }
  }

  private void checkModuleReference(
      String where, TerraformModule module, String call, String output) {
    if (!module.modules().containsKey(call)) {
      problems.add(where + ": module." + call + " is not declared");
      return;
    }
    Path child = module.moduleDirectory(call);
    if (output != null && child != null && Files.isDirectory(child)) {
      if (!module(child).outputs().containsKey(output)) {
        problems.add(where + ": module." + call + " has no output " + output);
      }
    }
  }

  private void checkModuleCall(
      String label, String call, Map<String, Object> arguments, TerraformModule child) {
    for (String input : arguments.keySet()) {
      if (!META_ARGUMENTS.contains(input) && !child.variables().containsKey(input)) {
        problems.add(label + ": module " + call + " sets " + input + ", which it does not declare");
      }
    }
    child
        .variables()
        .forEach(
            (name, body) -> {
              if (!body.containsKey("default") && !arguments.containsKey(name)) {
                problems.add(label + ": module " + call + " misses required variable " + name);
              }
            });
  }

  private void checkQueues(String label, TerraformModule module) {
    module
        .resources()
        .forEach(
            (address, body) -> {
              if (!address.startsWith("aws_sqs_queue.")) {
                return;
              }
              boolean encrypted =
                  Boolean.TRUE.equals(body.get("sqs_managed_sse_enabled"))
                      || body.containsKey("kms_master_key_id");
              if (!encrypted) {
                problems.add(label + ": queue " + address + " is not encrypted");
              }
              if (!body.containsKey("redrive_policy")
                  && !body.containsKey("redrive_allow_policy")) {
                problems.add(label + ": queue " + address + " has no dead-letter queue");
              }
            });
  }

  private void checkEventTargets(String label, TerraformModule module) {
    module
        .resources()
        .forEach(
            (address, body) -> {
              if (!address.startsWith("aws_cloudwatch_event_target.")) {
                return;
              }
              if (!body.containsKey("dead_letter_config")) {
                problems.add(label + ": event target " + address + " has no dead-letter queue");
              }
              if (!body.containsKey("retry_policy")) {
                problems.add(label + ": event target " + address + " has no retry policy");
              }
            });
  }

  /** The distinct references a pattern finds, as {@code group(1)} or {@code group(1).group(2)}. */
  private static Set<String> find(Pattern pattern, String text) {
    Set<String> found = new TreeSet<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(
          matcher.groupCount() > 1 && matcher.group(2) != null
              ? matcher.group(1) + "." + matcher.group(2)
              : matcher.group(1));
    }
    return found;
  }
}
