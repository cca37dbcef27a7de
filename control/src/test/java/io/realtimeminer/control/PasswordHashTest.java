package io.realtimeminer.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordHashTest {

    @Test
    void aHashMatchesItsPasswordOnlyAndNeverHoldsIt() {
        String hash = PasswordHash.of("correct horse".toCharArray());
        assertThat(hash).startsWith("pbkdf2-sha256$210000$").doesNotContain("correct");
        assertThat(PasswordHash.wellFormed(hash)).isTrue();
        assertThat(PasswordHash.matches("correct horse".toCharArray(), hash)).isTrue();
        assertThat(PasswordHash.matches("correct horse ".toCharArray(), hash)).isFalse();
        assertThat(PasswordHash.of("correct horse".toCharArray())).as("a fresh salt each time").isNotEqualTo(hash);
    }

    @Test
    void malformedHashesMatchNothing() {
        for (String bad : List.of("", "plain", "md5$1$AA$BB", "pbkdf2-sha256$x$AA$BB", "pbkdf2-sha256$0$AA$BB", "pbkdf2-sha256$10$!!$BB")) {
            assertThat(PasswordHash.wellFormed(bad)).as(bad).isFalse();
            assertThat(PasswordHash.matches("x".toCharArray(), bad)).as(bad).isFalse();
        }
    }

    @Test
    void aLoginIsCheckedAgainstTheHashOnceThenRemembered() {
        String hash = PasswordHash.of("pw".toCharArray());
        VerifiedLogins logins = new VerifiedLogins();
        assertThat(logins.matches("ops", "wrong", hash)).isFalse();
        assertThat(logins.matches("ops", "pw", hash)).isTrue();
        assertThat(logins.matches("ops", "pw", hash)).isTrue();
        assertThat(logins.matches("ops", "wrong", hash)).isFalse();
    }

    @Test
    void configuredLoginsMustBeNameAndHash() {
        String hash = PasswordHash.of("pw".toCharArray());
        ControlSettings settings = new ControlSettings(true, "127.0.0.1", 0, List.of("ops:" + hash), 3, Duration.ZERO, 4, Duration.ZERO);
        assertThat(ControlPlane.users(settings)).containsEntry("ops", hash);
        ControlSettings plain = new ControlSettings(true, "127.0.0.1", 0, List.of("ops:secret"), 3, Duration.ZERO, 4, Duration.ZERO);
        assertThatThrownBy(() -> ControlPlane.users(plain)).hasMessageContaining("api.users").hasMessageNotContaining("secret");
    }
}
