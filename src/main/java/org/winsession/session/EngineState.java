package org.winsession.session;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.winsession.event.SourceFormat;

/**
 * The engine's state as bytes, so open sessions survive a restart of the modular input: hosts
 * (boot, host event time, clock steps, record-id ranges per channel, the sessions the last
 * shutdown ended, whether it audits logoffs) and every held session in eviction order with its
 * leak deadline.
 *
 * <p>Format {@value #VERSION}: the magic {@code WSNSTATE}, the version, then the hosts; strings are
 * written once and referenced by index. Version 2 added each host's audit state (SESSIONS.md
 * §4.1: whether it has written a logoff, and how many sessions rule 2 applies to it has opened);
 * a version 1 state still reads, its hosts undecided with no session counted. Every count and index read is checked against the bytes
 * and against fixed bounds, so a corrupt or hostile snapshot fails with {@link IOException} naming
 * what is wrong, never with a half-restored engine. The engine must be {@link SessionEngine#flush()
 * flushed}: events still held for ordering are not part of the state.
 */
public final class EngineState {
  /** The current format version; {@link #read} reads every version released. */
  public static final int VERSION = 2;

  private static final long MAGIC = 0x57534e5354415445L; // "WSNSTATE"
  private static final int MAX_COUNT = 50_000_000;
  private static final int MAX_STRING = 1 << 16;

  /** A held session and its place in the eviction order. */
  record Held(int order, Session session) {}

  private EngineState() {}

  /** Writes a flushed engine's state. */
  public static void write(SessionEngine engine, DataOutput out) throws IOException {
    if (engine.bufferedEvents() != 0) {
      throw new IllegalStateException("flush() the engine before writing its state: "
          + engine.bufferedEvents() + " events are still held for ordering");
    }
    out.writeLong(MAGIC);
    out.writeInt(VERSION);
    Strings strings = new Strings();
    List<HostState> hosts = engine.hostsByName();
    Map<Session, Integer> order = engine.heldOrder();
    // sessions in an order of their own, not of the hash maps' slots: the same state is the same
    // bytes, however it was built (a restored engine's maps fill in another order)
    Map<HostState, List<Session>> held = new HashMap<>();
    Map<HostState, List<Session>> ended = new HashMap<>();
    for (HostState h : hosts) {
      List<Session> mine = h.sessions.values();
      mine.sort((a, b) -> Integer.compare(order.getOrDefault(a, Integer.MAX_VALUE),
          order.getOrDefault(b, Integer.MAX_VALUE)));
      held.put(h, mine);
      List<Session> done = h.ended.values();
      done.sort((a, b) -> Long.compareUnsigned(a.logonId, b.logonId));
      ended.put(h, done);
      strings.add(h.name);
      for (RecordStream rs : h.streams) {
        strings.add(rs.channel);
      }
      for (Session s : mine) {
        strings.addAll(s);
      }
      for (Session s : done) {
        strings.addAll(s);
      }
    }
    out.writeInt(strings.list.size());
    for (String s : strings.list) {
      out.writeBoolean(s != null);
      if (s != null) {
        out.writeUTF(s);
      }
    }
    out.writeInt(hosts.size());
    for (HostState h : hosts) {
      out.writeInt(strings.index(h.name));
      out.writeLong(h.boot.start);
      out.writeLong(h.hostTime);
      out.writeLong(h.lastEventTime);
      out.writeInt(h.clockJumps);
      out.writeLong(h.pendingPrivileged);
      out.writeLong(h.endedAt);
      out.writeBoolean(h.logoffAudited);
      out.writeLong(h.eligibleOpened);
      out.writeInt(h.streams.size());
      for (RecordStream rs : h.streams) {
        out.writeInt(strings.index(rs.channel));
        out.writeLong(rs.lastReleased);
        long[][] ranges = rs.processed.toRanges();
        out.writeInt(ranges[0].length);
        for (int i = 0; i < ranges[0].length; i++) {
          out.writeLong(ranges[0][i]);
          out.writeLong(ranges[1][i]);
        }
      }
      writeSessions(out, held.get(h), order, strings);
      writeSessions(out, ended.get(h), order, strings);
    }
  }

  private static void writeSessions(DataOutput out, List<Session> sessions,
      Map<Session, Integer> order, Strings strings) throws IOException {
    out.writeInt(sessions.size());
    for (Session s : sessions) {
      out.writeInt(order.getOrDefault(s, -1));
      out.writeLong(s.boot().start);
      out.writeLong(s.logonId);
      out.writeLong(s.linkedLogonId());
      out.writeLong(s.linkedSessionHash());
      out.writeLong(s.logonTime);
      out.writeLong(s.userLogoffTime());
      out.writeLong(s.logonRecordId());
      out.writeLong(s.deadline);
      out.writeBoolean(s.heapIndex >= 0);
      for (String v : Strings.fields(s)) {
        out.writeInt(strings.index(v));
      }
      out.writeInt(s.logonCount());
      out.writeInt(s.clockJumpsAtOpen);
      out.writeInt(s.srcPort());
      out.writeShort(s.origin.logonEventCode());
      out.writeByte(s.origin.logonType());
      out.writeByte(s.origin.elevated());
      out.writeByte(s.status);
      out.writeByte(s.account.accountClass().ordinal());
      out.writeByte(s.origin.sourceFormat().ordinal());
      out.writeByte(s.flags & ~Session.F_ENDED); // which boot is the list's: held or ended
      Session.Rare a = s.rare;
      out.writeBoolean(a != null);
      if (a != null) {
        out.writeLong(a.lockStart);
        out.writeLong(a.lockedMillis);
        out.writeLong(a.disconnectStart);
        out.writeLong(a.disconnectedMillis);
        out.writeInt(a.reconnects);
      }
    }
  }

  /**
   * An engine with the given settings and listener, holding the state read from {@code in}.
   *
   * @throws IOException when the bytes are not a state this version can read, naming why
   */
  public static SessionEngine read(EngineConfig config, SessionListener listener, DataInput in)
      throws IOException {
    if (in.readLong() != MAGIC) {
      throw new IOException("not a winsession engine state: expected the WSNSTATE signature");
    }
    int version = in.readInt();
    if (version < 1 || version > VERSION) {
      throw new IOException("engine state format " + version + ": this version reads 1.."
          + VERSION);
    }
    int count = count(in, "strings");
    String[] strings = new String[count];
    for (int i = 0; i < count; i++) {
      strings[i] = in.readBoolean() ? in.readUTF() : null;
      if (strings[i] != null && strings[i].length() > MAX_STRING) {
        throw new IOException("string " + i + " longer than " + MAX_STRING);
      }
    }
    SessionEngine engine = new SessionEngine(config, listener);
    int hosts = count(in, "hosts");
    List<Held> heldByOrder = new ArrayList<>();
    for (int i = 0; i < hosts; i++) {
      HostState h = engine.restoreHost(string(strings, in.readInt(), "host name"));
      h.boot = new Boot(in.readLong());
      h.hostTime = in.readLong();
      h.lastEventTime = in.readLong();
      h.clockJumps = in.readInt();
      h.pendingPrivileged = in.readLong();
      h.endedAt = in.readLong();
      if (version >= 2) {
        h.logoffAudited = in.readBoolean();
        h.eligibleOpened = in.readLong();
        if (h.eligibleOpened < 0) {
          throw new IOException("host " + h.name + " has opened " + h.eligibleOpened
              + " sessions: expected >= 0");
        }
      }
      int streams = count(in, "channels");
      for (int k = 0; k < streams; k++) {
        RecordStream rs = h.stream(string(strings, in.readInt(), "channel"));
        rs.lastReleased = in.readLong();
        int ranges = count(in, "record-id ranges");
        if (ranges > RecordIdSet.MAX_RANGES) {
          throw new IOException(ranges + " record-id ranges: at most " + RecordIdSet.MAX_RANGES);
        }
        long[] lo = new long[ranges];
        long[] hi = new long[ranges];
        for (int r = 0; r < ranges; r++) {
          lo[r] = in.readLong();
          hi[r] = in.readLong();
          if (hi[r] < lo[r] || (r > 0 && lo[r] <= hi[r - 1])) {
            throw new IOException("record-id ranges out of order at range " + r);
          }
        }
        rs.processed.restore(lo, hi);
      }
      for (Session s : readSessions(in, engine, h, false, strings, heldByOrder)) {
        h.sessions.put(s);
        if (s.deadline != Long.MAX_VALUE && s.heapIndex == -2) {
          s.heapIndex = -1;
          h.deadlines.add(s);
        } else {
          s.heapIndex = -1;
        }
      }
      for (Session s : readSessions(in, engine, h, true, strings, new ArrayList<>())) {
        h.ended.put(s);
        s.heapIndex = -1;
      }
    }
    engine.restoreHeld(heldByOrder);
    return engine;
  }

  /**
   * Reads a host's held sessions ({@code ended} false: of its current boot) or the sessions its
   * last shutdown ended ({@code ended} true: all of one boot, which becomes the host's ended boot).
   */
  private static List<Session> readSessions(DataInput in, SessionEngine engine, HostState h,
      boolean ended, String[] strings, List<Held> heldByOrder) throws IOException {
    int n = count(in, "sessions");
    List<Session> out = new ArrayList<>(Math.min(n, 1 << 16));
    for (int i = 0; i < n; i++) {
      int order = in.readInt();
      long bootStart = in.readLong();
      if (ended && i == 0) {
        h.endedBoot = new Boot(bootStart);
      }
      Boot boot = ended ? h.endedBoot : h.boot;
      if (bootStart != boot.start) {
        throw new IOException("session " + i + " of host " + h.name + " is of boot " + bootStart
            + ", not of the " + (ended ? "ended" : "current") + " boot " + boot.start);
      }
      long logonId = in.readLong();
      if (logonId == 0) {
        throw new IOException("session " + i + " of host " + h.name + " has Logon ID 0");
      }
      Session s = new Session(h, logonId);
      long linked = in.readLong();
      long linkedHash = in.readLong();
      s.logonTime = in.readLong();
      long userLogoff = in.readLong();
      s.logonRecordId(in.readLong());
      s.deadline = in.readLong();
      s.heapIndex = in.readBoolean() ? -2 : -1; // -2: queued, re-added by the caller
      String[] v = new String[Strings.FIELDS];
      for (int k = 0; k < v.length; k++) {
        int idx = in.readInt();
        v[k] = idx < 0 ? null : string(strings, idx, "session field");
      }
      int logonCount = in.readInt();
      s.clockJumpsAtOpen = in.readInt();
      s.srcPort(in.readInt());
      short code = in.readShort();
      byte logonType = in.readByte();
      byte elevated = in.readByte();
      s.status = ordinal(in.readByte(), SessionStatus.values().length, "status");
      AccountClass accountClass = AccountClass.values()[
          ordinal(in.readByte(), AccountClass.values().length, "account class")];
      SourceFormat format = SourceFormat.values()[
          ordinal(in.readByte(), SourceFormat.values().length, "source format")];
      s.flags = in.readByte();
      s.set(Session.F_ENDED, ended);
      s.account = engine.account(v[0], v[1], v[2], accountClass);
      s.origin = engine.origin(v[3], v[4], v[7], logonType, elevated, format, code);
      s.source = engine.source(v[5], v[6]);
      if (linked != org.winsession.event.LogonIds.NONE) {
        s.rare().linkedLogonId = linked;
      }
      if (linkedHash != 0) {
        s.rare().linkedSessionHash = linkedHash;
      }
      if (userLogoff != SessionEvent.NONE) {
        s.rare().userLogoffTime = userLogoff;
      }
      if (logonCount != 1) {
        s.rare().logonCount = logonCount;
      }
      if (in.readBoolean()) {
        Session.Rare a = s.rare();
        a.lockStart = in.readLong();
        a.lockedMillis = in.readLong();
        a.disconnectStart = in.readLong();
        a.disconnectedMillis = in.readLong();
        a.reconnects = in.readInt();
      }
      s.set(Session.F_HELD, order >= 0);
      if (order >= 0) {
        heldByOrder.add(new Held(order, s));
      }
      out.add(s);
    }
    return out;
  }

  private static byte ordinal(byte b, int n, String what) throws IOException {
    if (b < 0 || b >= n) {
      throw new IOException(what + " " + b + ": expected 0.." + (n - 1));
    }
    return b;
  }

  private static int count(DataInput in, String what) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_COUNT) {
      throw new IOException(what + " count " + n + ": expected 0.." + MAX_COUNT);
    }
    return n;
  }

  private static String string(String[] strings, int i, String what) throws IOException {
    if (i < 0 || i >= strings.length) {
      throw new IOException(what + " refers to string " + i + " of " + strings.length);
    }
    return strings[i];
  }

  /** The string table: every distinct string once. */
  private static final class Strings {
    static final int FIELDS = 8;
    final List<String> list = new ArrayList<>();
    final Map<String, Integer> index = new HashMap<>();

    void add(String s) {
      if (s != null && !index.containsKey(s)) {
        index.put(s, list.size());
        list.add(s);
      }
    }

    void addAll(Session s) {
      for (String v : fields(s)) {
        add(v);
      }
    }

    int index(String s) {
      return s == null ? -1 : index.get(s);
    }

    static String[] fields(Session s) {
      return new String[] {s.account.user(), s.account.domain(), s.account.userSid(),
          s.origin.authPackage(), s.origin.logonProcess(), s.source.srcIp(),
          s.source.srcWorkstation(), s.origin.processName()};
    }
  }
}
