/** The control plane every instance serves: status views over the compacted topics, the HTTP API, metrics. */
package io.realtimeminer.control;
