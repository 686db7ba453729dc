package io.raftkv.kv.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftkv.api.ApiJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A Server-Sent Events client for tests: opens {@code uri} with the JDK's HTTP client and collects every
 * message ({@code id:}, {@code event:}, {@code data:} as JSON) on its own thread until closed.
 */
final class SseStream implements AutoCloseable {

  record Event(long id, String type, JsonNode data) {}

  final List<Event> events = new CopyOnWriteArrayList<>();
  final HttpResponse<Stream<String>> response;
  private final Thread reader;
  private long id;
  private String type;
  private String data;

  SseStream(HttpClient client, URI uri) throws Exception {
    response = client.sendAsync(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofLines())
        .get(10, TimeUnit.SECONDS);
    reader = new Thread(() -> {
      try {
        response.body().forEach(this::line);
      } catch (RuntimeException closed) {
        // the stream was closed by the test or the server
      }
    }, "sse-" + uri.getPort());
    reader.setDaemon(true);
    reader.start();
  }

  private void line(String line) {
    if (line.startsWith("id: ")) {
      id = Long.parseLong(line.substring(4));
    } else if (line.startsWith("event: ")) {
      type = line.substring(7);
    } else if (line.startsWith("data: ")) {
      data = line.substring(6);
    } else if (line.isEmpty() && data != null) {
      try {
        events.add(new Event(id, type, ApiJson.MAPPER.readTree(data)));
      } catch (Exception e) {
        throw new IllegalStateException("bad JSON in data line: " + data, e);
      }
      type = null;
      data = null;
    }
  }

  /** The first collected event of {@code type} that {@code match} accepts. */
  Optional<Event> find(String type, Predicate<JsonNode> match) {
    return events.stream().filter(e -> e.type().equals(type) && match.test(e.data())).findFirst();
  }

  List<Event> all(String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }

  @Override
  public void close() {
    response.body().close();
    reader.interrupt();
  }
}
