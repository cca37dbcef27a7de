package io.realtimeminer.kafka;

import io.apicurio.registry.rest.client.exception.RestClientException;
import io.apicurio.registry.rest.v2.beans.Error;
import io.apicurio.rest.client.auth.exception.ForbiddenException;
import io.apicurio.rest.client.auth.exception.NotAuthorizedException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryErrorsTest {

    @Test
    void aRegistryThatCannotBeReachedOrFailsIsAPassingOutage() {
        assertThat(RegistryErrors.registryUnavailable(rest(null, "ConnectException"))).isTrue();
        assertThat(RegistryErrors.registryUnavailable(new IllegalStateException(rest(503, "ServiceUnavailable")))).isTrue();
        assertThat(RegistryErrors.registryUnavailable(new SerializationException("x", new ConnectException("refused")))).isTrue();
    }

    @Test
    void aRefusedLoginIsTheConfigurationsFaultNeverTheRecords() {
        assertThat(RegistryErrors.registryUnavailable(new SerializationException("x", new NotAuthorizedException("Authentication exception"))))
                .isTrue();
        assertThat(RegistryErrors.registryUnavailable(new ForbiddenException("Forbidden"))).isTrue();
        assertThat(RegistryErrors.registryUnavailable(rest(401, "NotAuthorized"))).isTrue();
        assertThat(RegistryErrors.describe(new SerializationException("x", new NotAuthorizedException("Authentication exception"))))
                .contains("refused the login (HTTP 401)").contains("registry.url");
        assertThat(RegistryErrors.loginRefused(new IllegalStateException(new ForbiddenException("Forbidden")))).isTrue();
        assertThat(RegistryErrors.loginRefused(rest(404, "ContentNotFoundException"))).isFalse();
        assertThat(RegistryErrors.loginRefused(new SerializationException("x", new ConnectException("refused")))).isFalse();
    }

    @Test
    void anAnswerThatTheSchemaIsUnknownOrARecordThatIsNotAvroIsNot() {
        assertThat(RegistryErrors.registryUnavailable(rest(404, "ContentNotFoundException"))).isFalse();
        assertThat(RegistryErrors.registryUnavailable(new IllegalStateException("artifact reference cannot be null"))).isFalse();
        assertThat(RegistryErrors.registryUnavailable(new SerializationException("Unknown magic byte!"))).isFalse();
    }

    private static RestClientException rest(Integer status, String name) {
        Error error = new Error();
        error.setErrorCode(status);
        error.setName(name);
        return new RestClientException(error);
    }
}
