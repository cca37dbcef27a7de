package io.realtimeminer.kafka;

import io.apicurio.registry.rest.client.exception.RestClientException;
import io.apicurio.registry.rest.v2.beans.Error;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryErrorsTest {

    @Test
    void aRegistryThatCannotBeReachedOrFailsIsAPassingOutage() {
        assertThat(RegistryErrors.registryUnreachable(rest(null, "ConnectException"))).isTrue();
        assertThat(RegistryErrors.registryUnreachable(new IllegalStateException(rest(503, "ServiceUnavailable")))).isTrue();
        assertThat(RegistryErrors.registryUnreachable(new SerializationException("x", new ConnectException("refused")))).isTrue();
    }

    @Test
    void anAnswerThatTheSchemaIsUnknownOrARecordThatIsNotAvroIsNot() {
        assertThat(RegistryErrors.registryUnreachable(rest(404, "ContentNotFoundException"))).isFalse();
        assertThat(RegistryErrors.registryUnreachable(new IllegalStateException("artifact reference cannot be null"))).isFalse();
        assertThat(RegistryErrors.registryUnreachable(new SerializationException("Unknown magic byte!"))).isFalse();
    }

    private static RestClientException rest(Integer status, String name) {
        Error error = new Error();
        error.setErrorCode(status);
        error.setName(name);
        return new RestClientException(error);
    }
}
