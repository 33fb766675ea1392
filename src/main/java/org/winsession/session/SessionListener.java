package org.winsession.session;

/** Receives every session event the engine emits, in emission order, on the engine's thread. */
@FunctionalInterface
public interface SessionListener {
  /** One state change of one session. */
  void session(SessionEvent event);
}
