package io.raftkv.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.api.KeyValue;
import io.raftkv.api.WatchEvent;
import io.raftkv.api.WatchResponse;
import io.raftkv.chaos.history.WatchLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The watch checker on crafted watcher logs against one committed history: a correct watcher (with a
 * reconnect and a bookmark) passes, and a skipped revision, a duplicate (in a stream and across a
 * reconnect), a reordered pair, a split transaction, a wrong value, a resume that skips or overlaps, a
 * bookmark past undelivered revisions, a made-up revision and a watcher that stops short are each
 * caught and blamed on the faulty watcher only.
 */
class WatchCheckerTest {

  /** Revisions 1-6; revision 4 is a transaction of two events. */
  private static final List<WatchResponse> COMMITTED = List.of(
      rev(1, put("a", "1", 1, 1, 1)),
      rev(2, put("b", "2", 2, 2, 1)),
      rev(3, put("a", "3", 1, 3, 2)),
      rev(4, put("a", "4", 1, 4, 3), delete("b", 4)),
      rev(5, put("c", "5", 5, 5, 1)),
      rev(6, put("b", "6", 6, 6, 1)));

  @Test
  void aWatcherThatSawExactlyTheCommittedHistoryPasses() {
    WatchLog ok = new WatchLog("w0");
    ok.opened("n1", 1);
    ok.received(COMMITTED.get(0));
    ok.received(COMMITTED.get(1));
    ok.received(bookmark(2));
    ok.ended("read timeout");
    ok.opened("n2", 3);
    for (WatchResponse r : COMMITTED.subList(2, 6)) {
      ok.received(r);
    }
    ok.ended("stopped");
    WatchLog oneStream = stream("w1", "n3", 1, COMMITTED);

    WatchCheckResult result = WatchChecker.check(COMMITTED, 6, List.of(ok, oneStream));

    assertThat(result.violations()).isEmpty();
    assertThat(result.eventsChecked()).isEqualTo(2 * 7);
    assertThat(result.messages()).isEqualTo(2 * 6);
    assertThat(result.reconnects()).isEqualTo(1);
    assertThat(result.referenceRevisions()).isEqualTo(6);
  }

  @Test
  void aSkippedRevisionIsAGap() {
    assertCaught(stream("bad", "n1", 1, without(COMMITTED, 2)), "gap: committed revisions [3] never delivered");
  }

  @Test
  void aRevisionDeliveredTwiceInAStreamIsADuplicate() {
    List<WatchResponse> twice = new ArrayList<>(COMMITTED);
    twice.add(3, COMMITTED.get(2));
    assertCaught(stream("bad", "n1", 1, twice), "duplicate: revision 3 delivered twice in a row");
  }

  @Test
  void aResumeFromTheLastRevisionSeenRedeliversItAndIsCaught() {
    assertCaught(twoStreams(COMMITTED.subList(0, 3), 3, COMMITTED.subList(2, 6)), "resume overlap: the watcher had reached 3 but resumed at 3", "duplicate: revision 3 delivered again");
  }

  @Test
  void aReorderedPairIsCaught() {
    List<WatchResponse> swapped = new ArrayList<>(COMMITTED);
    swapped.set(2, COMMITTED.get(3));
    swapped.set(3, COMMITTED.get(2));
    assertCaught(stream("bad", "n1", 1, swapped), "out of order: revision 3 after 4");
  }

  @Test
  void aTransactionSplitAcrossMessagesIsCaught() {
    List<WatchResponse> split = new ArrayList<>(COMMITTED);
    WatchResponse txn = COMMITTED.get(3);
    split.set(3, new WatchResponse(4, List.of(txn.events().get(0))));
    split.add(4, new WatchResponse(4, List.of(txn.events().get(1))));
    assertCaught(stream("bad", "n1", 1, split), "revision 4 incomplete (a transaction split)",
        "revision 4 split across messages");
  }

  @Test
  void aWrongValueIsCaught() {
    List<WatchResponse> wrong = new ArrayList<>(COMMITTED);
    wrong.set(4, rev(5, put("c", "55", 5, 5, 1)));
    assertCaught(stream("bad", "n1", 1, wrong), "revision 5 differs: got [put c=55 (c5 m5 v1)], committed [put c=5");
  }

  @Test
  void aResumePastTheLastRevisionSeenIsAGap() {
    assertCaught(twoStreams(COMMITTED.subList(0, 2), 4, COMMITTED.subList(3, 6)), "resume gap: the watcher had reached 2 but resumed at 4, skipping committed revisions [3]");
  }

  @Test
  void aBookmarkPastUndeliveredRevisionsIsAGap() {
    WatchLog bad = new WatchLog("bad");
    bad.opened("n1", 1);
    COMMITTED.subList(0, 2).forEach(bad::received);
    bad.received(bookmark(4));
    COMMITTED.subList(4, 6).forEach(bad::received);
    assertCaught(bad, "gap: committed revisions [3, 4] never delivered before bookmark 4");
  }

  @Test
  void aRevisionTheCommittedHistoryLacksIsCaught() {
    List<WatchResponse> extra = new ArrayList<>(COMMITTED);
    extra.add(rev(7, put("d", "7", 7, 7, 1)));
    assertCaught(stream("bad", "n1", 1, extra), "revision 7 is not in the committed history");
  }

  @Test
  void aWatcherThatStopsShortOfTheFinalRevisionIsStalled() {
    assertCaught(stream("bad", "n1", 1, COMMITTED.subList(0, 4)),
        "stalled: delivered up to revision 4, the committed history reaches 6");
  }

  /** {@code bad} beside a correct watcher: every finding names {@code bad}, and each phrase is found. */
  private static void assertCaught(WatchLog bad, String... phrases) {
    WatchCheckResult result = WatchChecker.check(COMMITTED, 6, List.of(stream("good", "n2", 1, COMMITTED), bad));
    assertThat(result.violations()).isNotEmpty().allMatch(v -> v.startsWith("bad: "), "blames only the faulty watcher");
    for (String phrase : phrases) {
      assertThat(result.violations()).anyMatch(v -> v.contains(phrase), phrase);
    }
  }

  private static WatchLog stream(String watcher, String node, long start, List<WatchResponse> messages) {
    WatchLog log = new WatchLog(watcher);
    log.opened(node, start);
    messages.forEach(log::received);
    log.ended("stopped");
    return log;
  }

  /** Watcher "bad": {@code first} on n1 from revision 1, then {@code second} on n2 from {@code resume}. */
  private static WatchLog twoStreams(List<WatchResponse> first, long resume, List<WatchResponse> second) {
    WatchLog log = new WatchLog("bad");
    log.opened("n1", 1);
    first.forEach(log::received);
    log.ended("switch");
    log.opened("n2", resume);
    second.forEach(log::received);
    return log;
  }

  private static List<WatchResponse> without(List<WatchResponse> messages, int index) {
    List<WatchResponse> l = new ArrayList<>(messages);
    l.remove(index);
    return l;
  }

  private static WatchResponse rev(long revision, WatchEvent... events) {
    return new WatchResponse(revision, List.of(events));
  }

  private static WatchResponse bookmark(long revision) {
    return new WatchResponse(revision, List.of());
  }

  private static WatchEvent put(String key, String value, long create, long mod, long version) {
    return new WatchEvent(WatchEvent.Type.PUT, new KeyValue(key, value.getBytes(StandardCharsets.UTF_8), create, mod,
        version), null);
  }

  private static WatchEvent delete(String key, long mod) {
    return new WatchEvent(WatchEvent.Type.DELETE, new KeyValue(key, new byte[0], 0, mod, 0), null);
  }
}
