/**
 * Dead letters: the records each stage parked on a topic of its own because it could not process
 * them, listed with their reasons, and published again to where they came from once the cause is
 * fixed, each replay recorded.
 */
package io.realtimeminer.control.deadletters;
