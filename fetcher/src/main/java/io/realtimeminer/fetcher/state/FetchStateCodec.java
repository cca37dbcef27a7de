package io.realtimeminer.fetcher.state;

import io.realtimeminer.avro.LatestItem;
import io.realtimeminer.avro.PostingHistory;
import io.realtimeminer.avro.PushSubscription;
import io.realtimeminer.avro.SentItem;
import io.realtimeminer.avro.SourceFetchState;
import io.realtimeminer.fetcher.adaptive.PostingModel;
import io.realtimeminer.fetcher.push.Hub;
import io.realtimeminer.fetcher.push.PushSubscriptions;
import io.realtimeminer.fetcher.schedule.FetchState;
import io.realtimeminer.fetcher.schedule.LatestItems;
import io.realtimeminer.fetcher.schedule.NewItemRhythm;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** {@link FetchState} to and from its Avro form on the state topic. */
public final class FetchStateCodec {

    private FetchStateCodec() {
    }

    public static SourceFetchState toAvro(String sourceId, FetchState state) {
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
                .setLatestItems(toAvro(state.latest()))
                .setPosting(toAvro(state.posting()))
                .setPush(toAvro(state.push()))
                .build();
    }

    private static PushSubscription toAvro(PushSubscriptions.Subscription push) {
        if (push == null) {
            return null;
        }
        return PushSubscription.newBuilder().setHub(push.hub().hub().toString()).setTopic(push.hub().topic().toString())
                .setGeneration(push.generation()).setState(push.state().wireName()).setRequestedAt(push.requestedAt())
                .setLeaseUntil(push.leaseUntil()).setRetryAt(push.retryAt()).setFailures(push.failures()).setError(push.error())
                .setItemsPushed(push.itemsPushed()).setItemsPolled(push.itemsPolled()).build();
    }

    /** The subscription as written, or none when it is malformed (the source is subscribed again at its next poll). */
    private static PushSubscriptions.Subscription fromAvro(PushSubscription avro) {
        if (avro == null) {
            return null;
        }
        try {
            return new PushSubscriptions.Subscription(new Hub(URI.create(avro.getHub()), URI.create(avro.getTopic())), avro.getGeneration(),
                    PushSubscriptions.State.valueOf(avro.getState().toUpperCase(Locale.ROOT)), avro.getRequestedAt(), avro.getLeaseUntil(),
                    avro.getRetryAt(), avro.getFailures(), avro.getError(), avro.getItemsPushed(), avro.getItemsPolled());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static PostingHistory toAvro(PostingModel posting) {
        if (!posting.observed()) {
            return null;
        }
        return new PostingHistory(posting.updatedAt(), posting.items(), posting.exposure(),
                Arrays.stream(posting.slots()).boxed().toList());
    }

    /** The model as written, or none when it is missing or malformed (it is learned again). */
    private static PostingModel fromAvro(PostingHistory avro) {
        if (avro == null || avro.getHourOfWeek().size() != PostingModel.SLOTS || !(avro.getItems() >= 0)
                || !(avro.getExposureSeconds() >= 0)) {
            return PostingModel.NONE;
        }
        double[] slots = new double[PostingModel.SLOTS];
        for (int i = 0; i < slots.length; i++) {
            Double value = avro.getHourOfWeek().get(i);
            slots[i] = value == null || !(value >= 0) ? 0 : value;
        }
        return new PostingModel(avro.getUpdatedAt(), avro.getItems(), avro.getExposureSeconds(), slots);
    }

    public static FetchState fromAvro(SourceFetchState avro) {
        return new FetchState(avro.getUrl(), avro.getEtag(), avro.getLastModified(),
                avro.getSeen().stream().map(s -> new FetchState.Seen(s.getItemId(), s.getFingerprint())).toList(),
                avro.getConsecutiveFailures(), avro.getNotBefore(), avro.getLastPolledAt(),
                new NewItemRhythm(avro.getLastNewItemAt(), avro.getUsualNewItemGapMs() == null ? null
                        : Duration.ofMillis(avro.getUsualNewItemGapMs())), fromAvro(avro.getLatestItems()), fromAvro(avro.getPosting()),
                fromAvro(avro.getPush()));
    }

    /** The latest items in their Avro form (shared with the status record). */
    public static List<LatestItem> toAvro(LatestItems latest) {
        return latest.items().stream().map(i -> new LatestItem(i.itemId(), i.title(), i.url(), i.publishedAt(), i.discoveredAt())).toList();
    }

    static LatestItems fromAvro(List<LatestItem> avro) {
        return new LatestItems(avro.stream().map(i -> new LatestItems.Item(i.getItemId(), i.getTitle(), i.getUrl(), i.getPublishedAt(),
                i.getDiscoveredAt())).toList());
    }
}
