package io.raftkv.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The error kinds are exactly the rows of docs/API.md's "Errors" table, with the same statuses. */
class ErrorKindTest {

  private static final Pattern ROW = Pattern.compile("^\\| (\\d{3}) \\| ([^|]+) \\|", Pattern.MULTILINE);
  private static final Pattern CODE = Pattern.compile("`([a-z_]+)`");

  @Test
  void kindsAndStatusesAreTheDocumentsTable() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "API.md"));
    String errors = doc.substring(doc.indexOf("## Errors"), doc.indexOf("## Transactions"));
    Map<String, Integer> documented = new TreeMap<>();
    Matcher row = ROW.matcher(errors);
    while (row.find()) {
      Matcher code = CODE.matcher(row.group(2));
      while (code.find()) {
        documented.put(code.group(1), Integer.parseInt(row.group(1)));
      }
    }
    Map<String, Integer> implemented = new TreeMap<>();
    for (ErrorKind k : ErrorKind.values()) {
      implemented.put(k.code(), k.httpStatus());
    }
    assertThat(documented).hasSize(21);
    assertThat(implemented).isEqualTo(documented);
  }

  @Test
  void onlyNotAppliedAnswersInviteARetry() {
    assertThat(ErrorKind.OVERLOADED.retryAfter()).isTrue();
    assertThat(ErrorKind.NO_LEADER.retryAfter()).isTrue();
    assertThat(ErrorKind.TIMEOUT.retryAfter()).isFalse();
    assertThat(ErrorKind.ofCode("no_leader")).contains(ErrorKind.NO_LEADER);
    assertThat(ErrorKind.ofCode("from_the_future")).isEmpty();
  }
}
