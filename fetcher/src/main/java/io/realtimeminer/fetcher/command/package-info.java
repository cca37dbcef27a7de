/**
 * Requests for the owner of a source, read from the commands topic: the partitions it reads follow
 * the template partitions the instance owns, and each request is acted on by whoever polls the
 * source.
 */
package io.realtimeminer.fetcher.command;
