package org.winsession.normalize;

import java.util.Map;

/**
 * {@link EventFields} over plain values: the System values, and the data values in one map, by
 * name (modern events) and by {@code "%n"} for the n-th insertion string (NT5 events). For readers
 * that have the whole record in hand (rendered text, CSV, EVT).
 *
 * @param values data values by name and by {@code "%n"}; not copied
 */
public record MappedFields(String eventId, String timeCreated, String recordId, String channel,
    String computer, Map<String, String> values) implements EventFields {

  @Override
  public String data(String name) {
    return values.get(name);
  }

  @Override
  public String data(int position) {
    return values.get("%" + position);
  }
}
