package io.realtimeminer.kafka;

import io.apicurio.registry.serde.SerdeConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrySerdesTest {

    @Test
    void aRegistryUrlMayCarryABasicAuthLoginThatNeverShowsInTheUrlGivenOn() {
        String url = "https://miner:s%40cr%3Aet@registry.example:8443";

        assertThat(RegistrySerdes.settings(url))
                .containsEntry(SerdeConfig.REGISTRY_URL, "https://registry.example:8443/apis/registry/v2")
                .containsEntry(SerdeConfig.AUTH_USERNAME, "miner")
                .containsEntry(SerdeConfig.AUTH_PASSWORD, "s@cr:et");
    }

    @Test
    void aPlainRegistryUrlTakesNoLogin() {
        assertThat(RegistrySerdes.settings("http://127.0.0.1:8081/")).doesNotContainKey(SerdeConfig.AUTH_USERNAME)
                .containsEntry(SerdeConfig.REGISTRY_URL, "http://127.0.0.1:8081/apis/registry/v2");
    }
}
