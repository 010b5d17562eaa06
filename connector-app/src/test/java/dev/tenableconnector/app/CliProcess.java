package dev.tenableconnector.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command line in its own JVM, with its own environment, as a user (or the acceptance check)
 * runs it: real exit codes, stdout, stderr, and a process that can be killed.
 */
final class CliProcess {
  private final Process process;
  private final Path out;
  private final Path err;

  private CliProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  static CliProcess start(Path workDir, Map<String, String> env, String... args)
      throws IOException {
    return start(256, workDir, env, args);
  }

  static CliProcess start(int heapMb, Path workDir, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heapMb + "m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TenableConnectorCli.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("TENABLE_") || k.startsWith("TIO_"));
    builder.environment().putAll(env);
    Path out = Files.createTempFile(workDir, "out", ".txt");
    Path err = Files.createTempFile(workDir, "err", ".txt");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    return new CliProcess(builder.start(), out, err);
  }

  static Result run(Path workDir, Map<String, String> env, String... args) throws Exception {
    CliProcess p = start(workDir, env, args);
    return p.await();
  }

  Result await() throws Exception {
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the command did not end in 3 minutes: " + stderr());
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr());
  }

  /** SIGKILL: no shutdown hooks, no finally blocks, like a crash or an OOM kill. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: shutdown hooks run, as on `kill` or a service manager's stop. */
  Result stop() throws Exception {
    process.destroy();
    return await();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** What the running process printed so far. */
  String stdout() throws IOException {
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  String stderr() throws IOException {
    return Files.readString(err, StandardCharsets.UTF_8);
  }

  record Result(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }
}
