package io.raftkv.cli.snapshot;

import io.raftkv.cli.client.ClientOptions;
import io.raftkv.cli.client.ExitCodes;
import io.raftkv.kv.server.BackupException;
import io.raftkv.kv.server.Backups;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code raftkv snapshot save FILE [--serializable]}: streams {@code GET /v1/snapshot} from the first
 * endpoint that answers into {@code FILE.part}, verifies it completely, then renames it to FILE, so FILE
 * is either absent or a verified backup.
 */
@Command(name = "save", description = "Save a consistent backup of the cluster's state to FILE.")
final class SaveCommand extends BackupCommand {

  @Mixin
  ClientOptions clientOptions;

  @Parameters(index = "0", paramLabel = "FILE", description = "Where to write the backup.")
  Path file;

  @Option(names = "--serializable",
      description = "Back up the answering node's applied state without a quorum (for a cluster that lost it).")
  boolean serializable;

  @Override
  int run(PrintWriter out) throws Exception {
    Path part = file.resolveSibling(file.getFileName() + ".part");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(clientOptions.timeout()).build();
    String last = "no endpoint given";
    int lastCode = ExitCodes.UNAVAILABLE;
    for (String endpoint : clientOptions.endpoints()) {
      URI uri = URI.create(endpoint.replaceAll("/+$", "") + "/v1/snapshot"
          + (serializable ? "?consistency=serializable" : ""));
      HttpResponse<InputStream> response;
      try {
        response = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        last = endpoint + ": " + e;
        continue;
      }
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          last = endpoint + ": HTTP " + response.statusCode() + " " + new String(body.readAllBytes(), StandardCharsets.UTF_8);
          lastCode = response.statusCode() == 503 || response.statusCode() == 504 ? ExitCodes.UNAVAILABLE
              : ExitCodes.REJECTED;
          continue;
        }
        Files.copy(body, part, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        Files.deleteIfExists(part);
        last = endpoint + ": transfer failed: " + e;
        continue;
      }
      Backups.Info info;
      try {
        info = Backups.verify(part);
      } catch (BackupException e) {
        Files.deleteIfExists(part);
        throw e;
      }
      Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      out.println("saved " + file + " from " + endpoint);
      print(out, info);
      return ExitCodes.OK;
    }
    return fail(lastCode, last);
  }
}
