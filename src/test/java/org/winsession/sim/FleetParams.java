package org.winsession.sim;

/**
 * The size and mix of a simulated fleet. Every value can be set by a system property
 * ({@code -Dsim.seed=7 -Dsim.hosts=40 -Dsim.days=30 -Dsim.events=10000000}); the event count is a
 * target the simulator's activity rate is set from (it lands within a few per cent of it).
 *
 * @param seed the seed of every random choice: same parameters, same records
 * @param hosts how many machines
 * @param days how many days they log
 * @param events about how many records they write in total (duplicated deliveries not counted)
 * @param nt5Share share of Windows 2003 machines (at least one when there are 4 or more)
 * @param unauditedShare share of machines that do not audit logoffs (at least one when 4 or more)
 */
record FleetParams(long seed, int hosts, int days, long events, double nt5Share,
    double unauditedShare) {

  /** The CI default: 12 hosts, 7 days, 200,000 records. */
  static final FleetParams CI = new FleetParams(20261129L, 12, 7, 200_000L, 0.25, 0.2);

  FleetParams {
    if (hosts < 1 || days < 1 || events < hosts) {
      throw new IllegalArgumentException("sim: hosts " + hosts + ", days " + days + ", events "
          + events + ": expected hosts >= 1, days >= 1, events >= hosts");
    }
  }

  /** {@link #CI}, with whatever {@code sim.*} system properties say instead. */
  static FleetParams fromSystemProperties() {
    return new FleetParams(Long.getLong("sim.seed", CI.seed()),
        Integer.getInteger("sim.hosts", CI.hosts()), Integer.getInteger("sim.days", CI.days()),
        Long.getLong("sim.events", CI.events()),
        Double.parseDouble(System.getProperty("sim.nt5", String.valueOf(CI.nt5Share()))),
        Double.parseDouble(System.getProperty("sim.unaudited",
            String.valueOf(CI.unauditedShare()))));
  }

  /** How many of the machines are Windows 2003 hosts (the first ones after index 0). */
  int nt5Hosts() {
    return hosts < 4 ? 0 : Math.max(1, (int) Math.round(hosts * nt5Share));
  }

  /** How many machines do not audit logoffs (the last ones). */
  int unauditedHosts() {
    return hosts < 4 ? 0 : Math.max(1, (int) Math.round(hosts * unauditedShare));
  }

  @Override
  public String toString() {
    return "seed " + seed + ", " + hosts + " hosts (" + nt5Hosts() + " Windows 2003, "
        + unauditedHosts() + " without logoff auditing), " + days + " days, ~" + events
        + " records";
  }
}
