package io.raftkv.server.transport;

import io.raftkv.raft.proto.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** An {@link InboundHandler} that records everything it is told, for assertions. Thread-safe. */
public final class RecordingHandler implements InboundHandler {

  private final Queue<Message> messages = new ConcurrentLinkedQueue<>();
  private final Queue<String> unreachable = new ConcurrentLinkedQueue<>();

  @Override
  public void onMessage(Message m) {
    messages.add(m);
  }

  @Override
  public void onUnreachable(String peerId) {
    unreachable.add(peerId);
  }

  public List<Message> messages() {
    return new ArrayList<>(messages);
  }

  public List<Message> messagesFrom(String from) {
    return messages.stream().filter(m -> m.from().equals(from)).toList();
  }

  public int messageCount() {
    return messages.size();
  }

  public List<String> unreachable() {
    return new ArrayList<>(unreachable);
  }
}
