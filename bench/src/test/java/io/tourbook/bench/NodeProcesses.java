package io.tourbook.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The chaos cluster as processes of the packaged launcher: one process with only the backing
 * services, and app nodes that join one Hazelcast cluster on loopback and share those services.
 * Nodes are killed with SIGKILL ({@link Process#destroyForcibly()}) and restarted on the same HTTP
 * port with the same services.
 */
final class NodeProcesses implements AutoCloseable {

  /** One app node: its services, HTTP port and current process. */
  static final class Node {
    final String name;
    final String services;
    final int httpPort;
    volatile Process process;
    int starts;

    Node(String name, String services, int httpPort) {
      this.name = name;
      this.services = services;
      this.httpPort = httpPort;
    }

    boolean alive() {
      return process != null && process.isAlive();
    }
  }

  private static final Pattern SETTING = Pattern.compile("^[A-Z][A-Z0-9_]*=.*$");
  private static final long BACKING_START_SECONDS = 120;

  private final Path jar;
  private final Path work;
  private final Map<String, String> clusterEnvironment;
  private final List<Node> nodes = new ArrayList<>();
  private Process backing;
  private final Map<String, String> backingSettings = new LinkedHashMap<>();

  NodeProcesses(Path jar, Path work, Map<String, String> clusterEnvironment) {
    this.jar = jar;
    this.work = work;
    this.clusterEnvironment = clusterEnvironment;
  }

  /** Starts the backing-services process and returns the settings it printed. */
  Map<String, String> startBacking() throws IOException {
    Files.createDirectories(work);
    ProcessBuilder builder =
        new ProcessBuilder(
                java(),
                // In memory, the embedded MongoDB keeps every document and its whole oplog on the
                // heap; the GC log shows whether that heap was the bottleneck of a slow run.
                "-Xmx2g",
                "-Xlog:gc:file=" + work.resolve("backing-gc.log"),
                "-jar",
                jar.toString(),
                "--backing-only",
                "--profile",
                "local")
            .redirectErrorStream(true);
    builder.environment().put("DATA_DIR", work.resolve("backing").toString());
    builder.environment().put("EMBEDDED_PERSISTENT", "false");
    // Free ports rather than the local profile's fixed ones, which a developer's node may hold.
    for (String port : List.of("MONGO", "REDIS", "SQS", "SMTP")) {
      builder.environment().put("EMBEDDED_" + port + "_PORT", "0");
    }
    builder.environment().remove("MONGO_URI");
    builder.environment().remove("REDIS_URL");
    backing = builder.start();
    Path log = work.resolve("backing.log");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BACKING_START_SECONDS);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(backing.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    while (!backingSettings.containsKey("SMTP_PORT")) {
      String line = out.readLine();
      if (line == null || System.nanoTime() > deadline) {
        Files.write(log, lines);
        throw new IllegalStateException("The backing services did not start; see " + log);
      }
      lines.add(line);
      if (SETTING.matcher(line).matches()) {
        int split = line.indexOf('=');
        backingSettings.put(line.substring(0, split), line.substring(split + 1));
      }
    }
    Files.write(log, lines);
    Thread drain =
        new Thread(
            () -> {
              try {
                out.transferTo(java.io.Writer.nullWriter());
              } catch (IOException closed) {
                // the process ended
              }
            },
            "backing-output");
    drain.setDaemon(true);
    drain.start();
    return backingSettings;
  }

  Node add(String name, String services, int httpPort) {
    Node node = new Node(name, services, httpPort);
    nodes.add(node);
    return node;
  }

  List<Node> nodes() {
    return nodes;
  }

  void start(Node node) throws IOException {
    node.starts++;
    ProcessBuilder builder =
        new ProcessBuilder(
                java(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-jar",
                jar.toString(),
                "--cluster",
                "--profile",
                "cluster",
                "--config",
                work.resolve("chaos.yaml").toString(),
                "--services",
                node.services)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(work.resolve(node.name + ".log").toFile()));
    Map<String, String> env = builder.environment();
    env.putAll(backingSettings);
    env.putAll(clusterEnvironment);
    env.put("HTTP_PORT", Integer.toString(node.httpPort));
    env.put("HTTP_INSTANCES", "1");
    env.put("DATA_DIR", work.resolve("nodes").toString());
    node.process = builder.start();
  }

  /** SIGKILL: no shutdown hook runs, nothing is handed over. */
  void kill(Node node) throws InterruptedException {
    node.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    for (Node node : nodes) {
      if (node.process != null) {
        node.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
    if (backing != null) {
      backing.destroy();
      if (!backing.waitFor(30, TimeUnit.SECONDS)) {
        backing.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
