package io.realtimeminer.kafka;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The login check against a registry stand-in that answers with a chosen status. */
class RegistryAccessTest {

    private HttpServer server;
    private volatile int status;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", exchange -> {
            try (exchange) {
                authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String login) {
        return "http://" + login + "127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void aLoginTheRegistryAcceptsPassesAndIsSentAsBasicAuth() {
        status = 200;

        assertThatCode(() -> RegistryAccess.requireLogin(url("miner:s%40cret@"))).doesNotThrowAnyException();
        assertThat(authorizations).containsExactly("Basic bWluZXI6c0BjcmV0");
    }

    @Test
    void aRefusedLoginSaysWhoWasRefusedAndWhatToSetWithoutThePassword() {
        status = 401;

        assertThatThrownBy(() -> RegistryAccess.requireLogin(url("miner:guess@")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused the login of user 'miner' (HTTP 401)")
                .hasMessageContaining("registry.url")
                .hasMessageNotContaining("guess");
        assertThatThrownBy(() -> RegistryAccess.requireLogin(url(""))).hasMessageContaining("refused access without a login");
    }

    @Test
    void aLoginWithoutTheRightToUseTheRegistryIsRefusedToo() {
        status = 403;

        assertThatThrownBy(() -> RegistryAccess.requireLogin(url("reader:x@"))).hasMessageContaining("user 'reader' (HTTP 403)");
    }

    @Test
    void aRegistryThatIsDownOrFailingIsNoReasonToStop() throws IOException {
        status = 503;
        assertThatCode(() -> RegistryAccess.requireLogin(url("miner:x@"))).doesNotThrowAnyException();

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertThatCode(() -> RegistryAccess.requireLogin("http://miner:x@127.0.0.1:" + closedPort)).doesNotThrowAnyException();
    }
}
