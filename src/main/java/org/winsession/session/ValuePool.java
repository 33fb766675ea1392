package org.winsession.session;

/**
 * Shares equal values between sessions (user names, domains, SIDs, addresses repeat across
 * thousands of sessions), so held state costs a reference per value instead of a copy. A
 * direct-mapped cache: one hash and one comparison a lookup, no allocation; a slot holds the last
 * value that hashed to it, so rare values may not be shared, which costs memory, never
 * correctness. Not thread-safe.
 *
 * @param <T> the value type; its {@code equals} and {@code hashCode} decide what is equal
 */
final class ValuePool<T> {
  private static final int SLOTS = 1 << 16;
  private final Object[] slots = new Object[SLOTS];

  /** The pooled value equal to {@code v}, or {@code v} itself, which is pooled from now on. */
  @SuppressWarnings("unchecked")
  T intern(T v) {
    if (v == null) {
      return null;
    }
    int h = v.hashCode();
    int i = (h ^ (h >>> 16)) & (SLOTS - 1);
    Object have = slots[i];
    if (have != null && (have == v || have.equals(v))) {
      return (T) have;
    }
    slots[i] = v;
    return v;
  }
}
