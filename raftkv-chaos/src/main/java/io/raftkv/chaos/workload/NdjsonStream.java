package io.raftkv.chaos.workload;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One streamed HTTP/1.1 GET read line by line ({@code Accept: application/x-ndjson}), on a plain
 * socket so that every read has a timeout: the JDK's HttpClient has none once the headers are in,
 * and a SIGSTOPped node sends nothing at all, so without one a watcher would hang on it forever.
 *
 * <p>Owns the socket. Decodes a chunked body; any other body is read to the end of the connection
 * ({@code Connection: close}).
 */
final class NdjsonStream implements Closeable {

  private final Socket socket;
  private final InputStream in;
  private final int status;
  private final boolean chunked;
  /** Bytes left in the current chunk; -1 after the last chunk. */
  private long chunkLeft;

  private NdjsonStream(Socket socket, InputStream in, int status, boolean chunked) {
    this.socket = socket;
    this.in = in;
    this.status = status;
    this.chunked = chunked;
  }

  /** Connects, sends the request and reads the status line and headers, each step bounded. */
  static NdjsonStream open(InetSocketAddress address, String pathAndQuery, Duration connectTimeout,
      Duration readTimeout) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(address, (int) connectTimeout.toMillis());
      socket.setSoTimeout((int) readTimeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
          + "\r\nAccept: application/x-ndjson\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String statusLine = rawLine(in);
      if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP response: " + statusLine);
      }
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      boolean chunked = false;
      for (String h = rawLine(in); h != null && !h.isEmpty(); h = rawLine(in)) {
        String lower = h.toLowerCase(Locale.ROOT);
        chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
      }
      return new NdjsonStream(socket, in, status, chunked);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  int status() {
    return status;
  }

  /** The next line of the body without its newline; null at the end of the body. */
  String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = bodyByte()) >= 0) {
      if (b == '\n') {
        return line.toString(StandardCharsets.UTF_8);
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
  }

  /** The rest of the body, for an error answer. */
  String rest() throws IOException {
    StringBuilder b = new StringBuilder();
    for (String l = readLine(); l != null; l = readLine()) {
      b.append(l);
    }
    return b.toString();
  }

  private int bodyByte() throws IOException {
    if (!chunked) {
      return in.read();
    }
    if (chunkLeft == 0) {
      String size = rawLine(in);
      if (size != null && size.isEmpty()) {
        size = rawLine(in); // the CRLF that ends the previous chunk
      }
      if (size == null) {
        return -1;
      }
      int ext = size.indexOf(';');
      chunkLeft = Long.parseLong((ext < 0 ? size : size.substring(0, ext)).strip(), 16);
      if (chunkLeft == 0) {
        chunkLeft = -1;
      }
    }
    if (chunkLeft < 0) {
      return -1;
    }
    int b = in.read();
    if (b < 0) {
      return -1;
    }
    chunkLeft--;
    return b;
  }

  /** A CRLF- (or LF-) terminated line of the head or chunk framing; null at end of stream. */
  private static String rawLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
      }
      b.append((char) c);
    }
    return b.length() == 0 ? null : b.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
