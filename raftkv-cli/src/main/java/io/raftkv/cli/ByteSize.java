package io.raftkv.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a byte-size flag: {@code auto}, or a whole number with an optional binary unit ({@code K}/{@code KiB},
 * {@code M}/{@code MiB}, {@code G}/{@code GiB}, any case), e.g. {@code 64MiB}.
 */
final class ByteSize {

  private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(|k|kib|m|mib|g|gib)");

  private ByteSize() {}

  /** The bytes {@code text} names, {@code auto} for {@code text} "auto"; throws naming {@code flag} otherwise. */
  static long parse(String text, String flag, long auto) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("auto")) {
      return auto;
    }
    Matcher m = SIZE.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(flag + " '" + text + "': give 'auto' or a number of bytes, e.g. 64MiB");
    }
    int shift = switch (m.group(2)) {
      case "k", "kib" -> 10;
      case "m", "mib" -> 20;
      case "g", "gib" -> 30;
      default -> 0;
    };
    try {
      long n = Long.parseLong(m.group(1));
      if (n > Long.MAX_VALUE >> shift) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " '" + text + "' is too large");
    }
  }
}
