package io.realtimeminer.push;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PushKeysTest {

    private static final String TOPIC = "https://example.com/feed";
    private final PushKeys keys = new PushKeys("a key of sixteen or more".getBytes(StandardCharsets.UTF_8));

    @Test
    void aCallbackIsAuthenticForItsSourceGenerationAndTopicOnly() {
        URI url = keys.callback(URI.create("https://miner.example"), "news 1", 7, TOPIC);
        assertThat(url.toString()).startsWith("https://miner.example/websub/news%201/7/");
        PushKeys.Callback callback = parse(url);

        assertThat(keys.authentic(callback)).isTrue();
        assertThat(PushKeys.names(callback, TOPIC)).isTrue();
        assertThat(PushKeys.names(callback, "https://evil.example/feed")).as("another topic").isFalse();
        assertThat(keys.authentic(new PushKeys.Callback("news 1", 8, callback.topicDigest(), callback.token()))).as("another generation").isFalse();
        assertThat(keys.authentic(new PushKeys.Callback("news 2", 7, callback.topicDigest(), callback.token()))).as("another source").isFalse();
        assertThat(keys.authentic(new PushKeys.Callback("news 1", 7, "AAAAAAAAAAAAAAAAAAAAAA", callback.token()))).as("another digest").isFalse();
        assertThat(keys.authentic(new PushKeys.Callback("news 1", 7, callback.topicDigest(), null))).isFalse();
        assertThat(new PushKeys("another key, sixteen+".getBytes(StandardCharsets.UTF_8)).authentic(callback)).as("another key").isFalse();
    }

    @Test
    void secretsAreShortUniquePerSubscriptionAndTheSameOnEveryInstance() {
        String secret = keys.secret("news", 1);

        assertThat(secret.getBytes(StandardCharsets.UTF_8)).hasSizeLessThan(200);
        assertThat(secret).isNotEqualTo(keys.secret("news", 2)).isNotEqualTo(keys.secret("other", 1));
        assertThat(new PushKeys("a key of sixteen or more".getBytes(StandardCharsets.UTF_8)).secret("news", 1)).isEqualTo(secret);
    }

    private static PushKeys.Callback parse(URI url) {
        String[] path = url.getRawPath().split("/");
        return new PushKeys.Callback(URLDecoder.decode(path[2], StandardCharsets.UTF_8), Long.parseLong(path[3]), path[4], path[5]);
    }
}
