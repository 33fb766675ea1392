package org.winsession.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code winsession bench}: throughput and memory benchmarks (see BENCHMARKS.md). */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure engine and reader throughput and heap per open session.")
final class BenchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 0;
  }
}
