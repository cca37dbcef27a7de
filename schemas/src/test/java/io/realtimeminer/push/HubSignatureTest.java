package io.realtimeminer.push;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class HubSignatureTest {

    private static final byte[] BODY = "<feed xmlns=\"http://www.w3.org/2005/Atom\">\r\n<entry/>\n</feed>\n".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(strings = {"sha1", "sha256", "sha384", "sha512"})
    void everyMethodOfTheRecommendationSignsTheRawBody(String method) {
        String header = HubSignature.sign(method, "s3cret", BODY);

        assertThat(HubSignature.valid(header, "s3cret", BODY)).isTrue();
        assertThat(HubSignature.valid(header.toUpperCase(), "s3cret", BODY)).as("hex and method in upper case").isTrue();
        assertThat(HubSignature.valid(header, "other", BODY)).as("another secret").isFalse();
        byte[] changed = BODY.clone();
        changed[changed.length - 2] ^= 1;
        assertThat(HubSignature.valid(header, "s3cret", changed)).as("one bit of the body").isFalse();
    }

    @Test
    void aKnownHmacSha256() {
        // RFC 4231 test case 2.
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        assertThat(HubSignature.sign("sha256", "Jefe", data))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void malformedUnknownOrMissingSignaturesAreInvalid() {
        String good = HubSignature.sign("sha256", "k", BODY);
        assertThat(HubSignature.valid(null, "k", BODY)).isFalse();
        assertThat(HubSignature.valid("", "k", BODY)).isFalse();
        assertThat(HubSignature.valid("md5=" + good.substring(7), "k", BODY)).isFalse();
        assertThat(HubSignature.valid("sha256=" + good.substring(7, 20), "k", BODY)).as("truncated").isFalse();
        assertThat(HubSignature.valid("sha256=zz" + good.substring(9), "k", BODY)).as("not hex").isFalse();
        assertThat(HubSignature.valid(good.substring(7), "k", BODY)).as("no method").isFalse();
    }
}
