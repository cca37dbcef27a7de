package io.realtimeminer.net;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A basic-auth login carried by a service URL ({@code http://miner:s3cret@registry:8080}), the way
 * the registry and Kafka Connect are configured: {@link #of} reads it (percent-decoded), {@link #strip}
 * gives the URL to print, log or hand to an HTTP client, {@link #into} puts one into a URL.
 *
 * @param username the user
 * @param password the password (empty for none)
 */
public record UrlLogin(String username, String password) {

    /** The login of {@code url}, if it carries one. */
    public static Optional<UrlLogin> of(String url) {
        String userInfo = URI.create(url).getRawUserInfo();
        if (userInfo == null || userInfo.isEmpty()) {
            return Optional.empty();
        }
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        String password = colon < 0 ? "" : userInfo.substring(colon + 1);
        return Optional.of(new UrlLogin(URLDecoder.decode(user, StandardCharsets.UTF_8), URLDecoder.decode(password, StandardCharsets.UTF_8)));
    }

    /** {@code url} without its login; any other address (a Kafka bootstrap list, a JDBC URL) as it is. */
    public static String strip(String url) {
        return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.:-]*://)[^@/]*@", "$1");
    }

    /** {@code url} (which carries no login) with this one, percent-encoded. */
    public String into(String url) {
        return strip(url).replaceFirst("//", "//" + encode(username) + ":" + encode(password) + "@");
    }

    /** The value of an {@code Authorization} header. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "UrlLogin[" + username + ", password hidden]";
    }
}
