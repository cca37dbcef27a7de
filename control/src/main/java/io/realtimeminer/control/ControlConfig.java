package io.realtimeminer.control;

import io.realtimeminer.control.alerting.AlertWebhookSettings;
import io.realtimeminer.push.PushSettings;
import io.realtimeminer.status.StatusSettings;
import io.realtimeminer.template.TemplateParser;
import io.realtimeminer.template.TemplateSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.Map;

/**
 * The control plane's settings as every instance reads them: its HTTP API and the sources' state
 * thresholds ({@link ControlSettings}), where alerts are posted ({@link AlertWebhookSettings}), the
 * status it publishes ({@link StatusSettings}), and the template settings the API checks templates
 * with ({@link TemplateSettings}, as the fetchers do).
 */
public final class ControlConfig extends AbstractConfig {

    public static final ConfigDef CONFIG_DEF = PushSettings.define(AlertWebhookSettings.define(ControlSettings.define(
            StatusSettings.define(TemplateSettings.define(new ConfigDef())))));

    public ControlConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
    }

    public ControlSettings control() {
        return ControlSettings.of(values());
    }

    public AlertWebhookSettings webhook() {
        return AlertWebhookSettings.of(values());
    }

    public StatusSettings status() {
        return StatusSettings.of(values());
    }

    /** WebSub push: whether callbacks are served, and the key they derive from. */
    public PushSettings push() {
        return PushSettings.of(values());
    }

    /** The parser the API checks templates with: the fetchers' own, with the same settings. */
    public TemplateParser templateParser() {
        return TemplateSettings.parser(values());
    }
}
