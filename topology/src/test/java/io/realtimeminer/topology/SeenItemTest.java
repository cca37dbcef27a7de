package io.realtimeminer.topology;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class SeenItemTest {

    @Test
    void roundTripsWithAndWithoutAHash() {
        for (SeenItem seen : new SeenItem[]{new SeenItem(1_763_892_000_000L, "9f86d081884c7d65"), new SeenItem(42L, null)}) {
            byte[] bytes = SeenItem.SERDE.serializer().serialize("t", seen);
            assertThat(SeenItem.SERDE.deserializer().deserialize("t", bytes)).isEqualTo(seen);
        }
        assertThat(SeenItem.SERDE.serializer().serialize("t", null)).isNull();
        assertThat(SeenItem.SERDE.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void readsTheFirstReleasesValuesAsItemsWithoutHash() {
        // The first release stored the first-seen time alone, as Serdes.Long() writes it.
        byte[] old = ByteBuffer.allocate(Long.BYTES).putLong(1_763_892_000_000L).array();
        assertThat(SeenItem.SERDE.deserializer().deserialize("t", old)).isEqualTo(new SeenItem(1_763_892_000_000L, null));
    }

    @Test
    void onlyAnotherNonEmptyHashIsAChange() {
        SeenItem seen = new SeenItem(1L, "h1");
        assertThat(seen.differsFrom("h2")).isTrue();
        assertThat(seen.differsFrom("h1")).isFalse();
        assertThat(seen.differsFrom(null)).isFalse();
        assertThat(seen.differsFrom("")).isFalse();
        assertThat(new SeenItem(1L, null).differsFrom("h1")).isTrue();
        assertThat(new SeenItem(1L, "")).isEqualTo(new SeenItem(1L, null));
    }
}
