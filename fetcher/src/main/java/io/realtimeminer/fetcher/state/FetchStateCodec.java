package io.realtimeminer.fetcher.state;

import io.realtimeminer.avro.SentItem;
import io.realtimeminer.avro.SourceFetchState;
import io.realtimeminer.fetcher.schedule.FetchState;
import io.realtimeminer.fetcher.schedule.NewItemRhythm;

import java.time.Duration;

/** {@link FetchState} to and from its Avro form on the state topic. */
final class FetchStateCodec {

    private FetchStateCodec() {
    }

    static SourceFetchState toAvro(String sourceId, FetchState state) {
        return SourceFetchState.newBuilder()
                .setSourceId(sourceId)
                .setUrl(state.url())
                .setEtag(state.etag())
                .setLastModified(state.lastModified())
                .setSeen(state.seen().stream().map(s -> new SentItem(s.itemId(), s.fingerprint())).toList())
                .setConsecutiveFailures(state.failures())
                .setNotBefore(state.notBefore())
                .setLastPolledAt(state.lastPolledAt())
                .setLastNewItemAt(state.rhythm().lastNewItemAt())
                .setUsualNewItemGapMs(state.rhythm().usualGap() == null ? null : state.rhythm().usualGap().toMillis())
                .build();
    }

    static FetchState fromAvro(SourceFetchState avro) {
        return new FetchState(avro.getUrl(), avro.getEtag(), avro.getLastModified(),
                avro.getSeen().stream().map(s -> new FetchState.Seen(s.getItemId(), s.getFingerprint())).toList(),
                avro.getConsecutiveFailures(), avro.getNotBefore(), avro.getLastPolledAt(),
                new NewItemRhythm(avro.getLastNewItemAt(), avro.getUsualNewItemGapMs() == null ? null
                        : Duration.ofMillis(avro.getUsualNewItemGapMs())));
    }
}
