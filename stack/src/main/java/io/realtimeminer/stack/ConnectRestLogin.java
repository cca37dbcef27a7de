package io.realtimeminer.stack;

import io.realtimeminer.net.UrlLogin;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.rest.ConnectRestExtensionContext;
import org.apache.kafka.connect.rest.basic.auth.extension.JaasBasicAuthFilter;
import org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Basic auth on the embedded Connect worker's REST API: Kafka's own filter and login module (those
 * of {@code BasicAuthSecurityRestExtension}, which also let the workers' internal requests through),
 * given their JAAS configuration here instead of through the JVM-wide {@code java.security.auth.login.config},
 * which this process, running several stacks in tests and Kafka clients beside, cannot share.
 * The worker setting {@value #FILE_SETTING} names the file of {@code user=password} lines.
 */
public final class ConnectRestLogin implements ConnectRestExtension {

    /** The worker setting naming the logins file. */
    public static final String FILE_SETTING = "realtime.miner.rest.login.file";
    /** The JAAS application name Kafka's filter logs in with. */
    private static final String JAAS_NAME = "KafkaConnect";

    private Configuration jaas;

    @Override
    public void configure(Map<String, ?> settings) {
        Object file = settings.get(FILE_SETTING);
        if (file == null || file.toString().isBlank()) {
            throw new IllegalArgumentException(FILE_SETTING + " must name the file of the REST API's logins");
        }
        AppConfigurationEntry[] entries = {new AppConfigurationEntry(PropertyFileLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("file", file.toString()))};
        jaas = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return JAAS_NAME.equals(name) ? entries : null;
            }
        };
    }

    @Override
    public void register(ConnectRestExtensionContext context) {
        context.configurable().register(new JaasBasicAuthFilter(jaas));
    }

    @Override
    public String version() {
        return AppInfoParser.getVersion();
    }

    @Override
    public void close() {
    }

    /** The worker settings that require {@code login} of every REST request, its file written to {@code file} (owner only). */
    public static Map<String, String> workerSettings(Path file, UrlLogin login) {
        Properties logins = new Properties();
        logins.setProperty(login.username(), login.password());
        PrivateFile.write(file, writer -> logins.store(writer, "Logins of the embedded Kafka Connect REST API (written at every start)"));
        return Map.of("rest.extension.classes", ConnectRestLogin.class.getName(), FILE_SETTING, file.toAbsolutePath().toString());
    }
}
