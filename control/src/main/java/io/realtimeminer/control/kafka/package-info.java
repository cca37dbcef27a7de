/** Writes of the API's requests to Kafka, answered only once stored, and the one failure they report. */
package io.realtimeminer.control.kafka;
