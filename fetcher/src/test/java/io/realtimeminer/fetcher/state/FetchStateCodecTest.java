package io.realtimeminer.fetcher.state;

import io.realtimeminer.avro.PostingHistory;
import io.realtimeminer.avro.SourceFetchState;
import io.realtimeminer.fetcher.adaptive.PostingModel;
import io.realtimeminer.fetcher.push.Hub;
import io.realtimeminer.fetcher.push.PushSubscriptions;
import io.realtimeminer.fetcher.schedule.FetchState;
import io.realtimeminer.fetcher.schedule.LatestItems;
import io.realtimeminer.fetcher.schedule.NewItemRhythm;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The posting model travels with a source's fetch state, and a bad one is learned again rather than trusted. */
class FetchStateCodecTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void thePostingModelSurvivesTheTrip() {
        PostingModel posting = PostingModel.NONE.found(List.of(NOW.minusSeconds(3600), NOW.minusSeconds(1800), NOW.minusSeconds(60)), NOW);
        FetchState state = new FetchState("https://h/f", "\"e\"", null, List.of(new FetchState.Seen("s:1", 7)), 0, null, NOW,
                NewItemRhythm.NONE, LatestItems.NONE, posting);

        FetchState back = FetchStateCodec.fromAvro(FetchStateCodec.toAvro("s", state));

        assertThat(back.posting()).isEqualTo(posting);
        assertThat(back.posting().rate(NOW.plus(Duration.ofHours(1)))).isEqualTo(posting.rate(NOW.plus(Duration.ofHours(1))));
        assertThat(back).isEqualTo(state);
    }

    @Test
    void aWebSubSubscriptionSurvivesTheTripAndAMalformedOneIsDropped() {
        PushSubscriptions.Subscription push = new PushSubscriptions.Subscription(
                new Hub(URI.create("https://hub.example/"), URI.create("https://h/f?self")), 1234, PushSubscriptions.State.ACTIVE,
                NOW.minusSeconds(60), NOW.plusSeconds(86_400), NOW.plusSeconds(69_120), 0, null, 5, 1);
        FetchState state = new FetchState("https://h/f", null, null, List.of(), 0, null, NOW, null, null, null, push);

        assertThat(FetchStateCodec.fromAvro(FetchStateCodec.toAvro("s", state)).push()).isEqualTo(push);

        SourceFetchState broken = FetchStateCodec.toAvro("s", state);
        broken.getPush().setState("nonsense");
        assertThat(FetchStateCodec.fromAvro(broken).push()).isNull();
        assertThat(FetchStateCodec.fromAvro(FetchStateCodec.toAvro("s", new FetchState("https://h/f", null, null, List.of(), 0, null, NOW)))
                .push()).isNull();
    }

    @Test
    void aStateWithoutAModelOrWithAMalformedOneStartsLearning() {
        FetchState plain = new FetchState("https://h/f", null, null, List.of(), 0, null, NOW);
        SourceFetchState avro = FetchStateCodec.toAvro("s", plain);
        assertThat(avro.getPosting()).isNull();
        assertThat(FetchStateCodec.fromAvro(avro).posting()).isEqualTo(PostingModel.NONE);

        List<Double> slots = new ArrayList<>(Collections.nCopies(PostingModel.SLOTS, 0.0));
        slots.set(3, Double.NaN);
        avro.setPosting(new PostingHistory(NOW, 5.0, 3600.0, slots));
        assertThat(FetchStateCodec.fromAvro(avro).posting().slots()[3]).isZero();
        avro.setPosting(new PostingHistory(NOW, -1.0, 3600.0, slots));
        assertThat(FetchStateCodec.fromAvro(avro).posting()).isEqualTo(PostingModel.NONE);
        avro.setPosting(new PostingHistory(NOW, 1.0, 3600.0, List.of(1.0)));
        assertThat(FetchStateCodec.fromAvro(avro).posting()).isEqualTo(PostingModel.NONE);
    }
}
