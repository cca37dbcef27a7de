package io.realtimeminer.control;

import io.realtimeminer.control.deadletters.DeadLetters;

/**
 * What the API can do to the pipeline, each by writing to a topic: change templates, ask an owner
 * to poll now, replay dead letters; and what it asks the instance to work out: the templates of a
 * subscription list, a template's preview.
 *
 * @param instanceId the instance taking the requests: with the login, who asked for a fetch or a replay
 */
public record ApiActions(String instanceId, TemplateCommands templates, FetchCommands fetches, DeadLetters deadLetters,
                         SubscriptionPlanner imports, TemplatePreviewer previews) {

    /** Without subscription imports and previews. */
    public ApiActions(String instanceId, TemplateCommands templates, FetchCommands fetches, DeadLetters deadLetters) {
        this(instanceId, templates, fetches, deadLetters, SubscriptionPlanner.NONE, TemplatePreviewer.NONE);
    }
}
