package io.realtimeminer.stack;

/** The parts of the stack, in the order they start (the first three together). */
public enum StackComponent {
    KAFKA("Kafka"),
    POSTGRES("PostgreSQL"),
    REGISTRY("schema registry"),
    CONNECT("Kafka Connect"),
    ITEMS_SINK("items sink connector"),
    SIGHTINGS_SINK("sightings sink connector"),
    STATUS_SINK("status sink connector");

    private final String displayName;

    StackComponent(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
