package org.winsession.normalize;

/**
 * {@link EventFields} that pass every call on to another record's fields: a subclass overrides
 * only what it changes (a time already read as a number, say).
 */
public abstract class ForwardingFields implements EventFields {
  private final EventFields fields;

  /** Fields that answer as {@code fields} does. */
  protected ForwardingFields(EventFields fields) {
    this.fields = fields;
  }

  @Override
  public String eventId() {
    return fields.eventId();
  }

  @Override
  public String timeCreated() {
    return fields.timeCreated();
  }

  @Override
  public long timeMillis() {
    return fields.timeMillis();
  }

  @Override
  public String recordId() {
    return fields.recordId();
  }

  @Override
  public long recordIdNumber() {
    return fields.recordIdNumber();
  }

  @Override
  public String channel() {
    return fields.channel();
  }

  @Override
  public String computer() {
    return fields.computer();
  }

  @Override
  public String data(String name) {
    return fields.data(name);
  }

  @Override
  public long dataHexNumber(String name) {
    return fields.dataHexNumber(name);
  }

  @Override
  public String data(int position) {
    return fields.data(position);
  }
}
