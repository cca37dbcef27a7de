package io.realtimeminer.kafka;

import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.rest.client.RegistryClientFactory;
import io.apicurio.rest.client.auth.BasicAuth;
import io.realtimeminer.net.UrlLogin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The schema registry's REST client for a base URL that may carry a basic-auth login
 * ({@code http://user:password@host:port}), and the check every process makes before it starts
 * work: a login the registry refuses stops it with the reason, instead of failing every send and
 * every read later.
 */
public final class RegistryAccess {

    /** How long the login check waits for an answer before it leaves the question to the serdes. */
    static final Duration LOGIN_CHECK_TIMEOUT = Duration.ofSeconds(10);

    private RegistryAccess() {
    }

    /** A client of the registry's core API, logging in with the URL's login if it has one. */
    public static RegistryClient client(String registryUrl) {
        String api = RegistrySerdes.apiUrl(registryUrl);
        return UrlLogin.of(registryUrl)
                .map(login -> RegistryClientFactory.create(api, Map.of(), new BasicAuth(login.username(), login.password())))
                .orElseGet(() -> RegistryClientFactory.create(api));
    }

    /**
     * Asks the registry for one group with the URL's login, as the serializers will ask it for
     * schemas; at most {@link #LOGIN_CHECK_TIMEOUT}.
     *
     * @throws IllegalStateException if it refuses the login (or access without one), saying what to
     *                               change; a registry that does not answer now is not an error here,
     *                               since the serdes retry until it does
     */
    public static void requireLogin(String registryUrl) {
        Optional<UrlLogin> login = UrlLogin.of(registryUrl);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RegistrySerdes.apiUrl(registryUrl) + "/groups?limit=1"))
                .timeout(LOGIN_CHECK_TIMEOUT).GET();
        login.ifPresent(given -> request.header("Authorization", given.basicAuthorization()));
        int status;
        try {
            status = HttpClient.newBuilder().connectTimeout(LOGIN_CHECK_TIMEOUT).build()
                    .send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (status == 401) {
            throw new IllegalStateException(UrlLogin.strip(registryUrl) + ": the schema registry refused "
                    + login.map(given -> "the login of user '" + given.username() + "'").orElse("access without a login")
                    + " (HTTP 401): give its user and password in registry.url (http://user:password@host:port)");
        }
        if (status == 403) {
            throw new IllegalStateException(UrlLogin.strip(registryUrl) + ": the schema registry refused access to "
                    + login.map(given -> "user '" + given.username() + "'").orElse("clients without a login")
                    + " (HTTP 403): it needs the right to read and register schemas");
        }
    }
}
