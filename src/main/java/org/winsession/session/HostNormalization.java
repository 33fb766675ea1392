package org.winsession.session;

import java.util.Locale;

/** How host names become the first part of the session key (SESSIONS.md §2). */
public enum HostNormalization {
  /** Lower case without the DNS suffix: {@code DC01.contoso.local} and {@code dc01} are one host. */
  SHORT,
  /** Lower case, full name. */
  FQDN,
  /** The name exactly as written. */
  AS_IS;

  /** Applies this normalization; IP addresses are never shortened. */
  public String apply(String host) {
    switch (this) {
      case AS_IS:
        return host;
      case FQDN:
        return host.toLowerCase(Locale.ROOT);
      case SHORT:
        String lower = host.toLowerCase(Locale.ROOT);
        int dot = lower.indexOf('.');
        return dot <= 0 || isIpAddress(lower) ? lower : lower.substring(0, dot);
      default:
        throw new AssertionError(this);
    }
  }

  /** Parses the setting's value: {@code short}, {@code fqdn} or {@code as_is}. */
  public static HostNormalization parse(String value) {
    for (HostNormalization h : values()) {
      if (h.name().equalsIgnoreCase(value.strip())) {
        return h;
      }
    }
    throw new IllegalArgumentException("host_normalization '" + value
        + "': expected short, fqdn or as_is");
  }

  private static boolean isIpAddress(String s) {
    if (s.indexOf(':') >= 0) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }
}
