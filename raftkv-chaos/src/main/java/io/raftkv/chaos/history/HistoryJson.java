package io.raftkv.chaos.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes a {@link History} as JSON:
 * {@code {"format":"raftkv-history/1","attributes":{...},"operations":[{"id":0,"process":1,
 * "call":{"type":"write","key":"k","value":"v1"},"invokeNanos":..,"completeNanos":..,
 * "outcome":"OK"}, ...]}}.
 *
 * <p>Writes go to a temporary file that is then moved into place, so a crash mid-write never
 * leaves a truncated history under the final name. Loading validates every operation with the
 * same rules as the constructors and reports the first bad one with a clear message.
 */
public final class HistoryJson {

  /** The format tag written into every file and required when reading. */
  public static final String FORMAT = "raftkv-history/1";

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setDefaultPropertyInclusion(JsonInclude.Value.construct(
          JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private HistoryJson() {}

  /** The on-disk shape; kept separate so History stays free of format concerns. */
  record FileFormat(String format, Map<String, String> attributes, List<Operation> operations) {}

  /** Serializes a history to a JSON string. */
  public static String toJson(History history) {
    try {
      return MAPPER.writeValueAsString(
          new FileFormat(FORMAT, history.attributes(), history.operations()));
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot serialize history", e);
    }
  }

  /** Parses a history; throws {@link IllegalArgumentException} on malformed or invalid input. */
  public static History fromJson(String json) {
    FileFormat file;
    try {
      file = MAPPER.readValue(json, FileFormat.class);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("malformed history JSON: " + e.getOriginalMessage(), e);
    }
    if (file == null || !FORMAT.equals(file.format())) {
      throw new IllegalArgumentException(
          "not a history file: expected format \"" + FORMAT + "\", got "
              + (file == null ? "nothing" : "\"" + file.format() + "\""));
    }
    if (file.operations() == null) {
      throw new IllegalArgumentException("history file has no \"operations\" array");
    }
    return new History(file.attributes(), file.operations());
  }

  /** Writes the history to {@code path} atomically (temp file + rename). */
  public static void write(Path path, History history) {
    Path dir = path.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
      try {
        Files.writeString(tmp, toJson(history));
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write history to " + path, e);
    }
  }

  /** Loads a history written by {@link #write}. */
  public static History read(Path path) {
    String json;
    try {
      json = Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read history from " + path, e);
    }
    try {
      return fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }
}
