package io.realtimeminer.control;

import io.realtimeminer.control.deadletters.DeadLetters;

/**
 * What the API can do to the pipeline, each by writing to a topic: change templates, ask an owner
 * to poll now, replay dead letters; and what it asks the instance to work out: the templates of a
 * subscription list, a template's preview.
 *
 * @param instanceId the instance taking the requests: with the login, who asked for a fetch or a replay
 * @param callbacks  the WebSub callbacks hubs call (push off: every callback is 404)
 */
public record ApiActions(String instanceId, TemplateCommands templates, FetchCommands fetches, DeadLetters deadLetters,
                         SubscriptionPlanner imports, TemplatePreviewer previews, WebSubCallbacks callbacks) {

    /** Without WebSub callbacks. */
    public ApiActions(String instanceId, TemplateCommands templates, FetchCommands fetches, DeadLetters deadLetters,
                      SubscriptionPlanner imports, TemplatePreviewer previews) {
        this(instanceId, templates, fetches, deadLetters, imports, previews, WebSubCallbacks.OFF);
    }

    /** Without subscription imports, previews and WebSub callbacks. */
    public ApiActions(String instanceId, TemplateCommands templates, FetchCommands fetches, DeadLetters deadLetters) {
        this(instanceId, templates, fetches, deadLetters, SubscriptionPlanner.NONE, TemplatePreviewer.NONE);
    }
}
