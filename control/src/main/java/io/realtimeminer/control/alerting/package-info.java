/**
 * Alerts as events: what opened and resolved between two looks at the cluster, which instance
 * tells, and the webhook it tells them to.
 */
package io.realtimeminer.control.alerting;
