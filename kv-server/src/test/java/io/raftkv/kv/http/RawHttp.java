package io.raftkv.kv.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain TCP client that writes arbitrary bytes and parses HTTP/1.1 responses (Content-Length or chunked
 * bodies), for tests a well-behaved client library cannot express: garbage, pipelining, half-sent bodies,
 * reading a streamed body chunk by chunk or not at all.
 */
final class RawHttp implements AutoCloseable {

  /** A parsed response; header names are lower-cased. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, UTF_8);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private Map<String, String> trailers = Map.of();

  RawHttp(int port) throws IOException {
    this(port, 0);
  }

  /**
   * With {@code receiveBufferBytes} > 0 the socket's receive buffer is fixed before connecting (which also
   * turns off the kernel's autotuning), so a client that stops reading stalls the server after a known
   * number of bytes.
   */
  RawHttp(int port, int receiveBufferBytes) throws IOException {
    socket = new Socket();
    if (receiveBufferBytes > 0) {
      socket.setReceiveBufferSize(receiveBufferBytes);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  void send(String text) throws IOException {
    send(text.getBytes(ISO_8859_1));
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The socket's receive buffer as the kernel sized it. */
  int receiveBufferBytes() throws IOException {
    return socket.getReceiveBufferSize();
  }

  Response read() throws IOException {
    Response head = readHead();
    int length = Integer.parseInt(head.headers().getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new IOException("connection closed inside a body");
    }
    return new Response(head.status(), head.headers(), body);
  }

  /** The status line and headers of the next response, leaving its body unread. */
  Response readHead() throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP status line: " + statusLine);
    }
    return new Response(Integer.parseInt(parts[1]), fields(), new byte[0]);
  }

  /**
   * The next chunk of a chunked body, or {@code null} after the last chunk, whose trailer fields then are in
   * {@link #trailers()}.
   */
  byte[] readChunk() throws IOException {
    String sizeLine = line();
    int semicolon = sizeLine.indexOf(';');
    int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
    if (size == 0) {
      trailers = fields();
      return null;
    }
    byte[] data = in.readNBytes(size);
    if (data.length != size || !line().isEmpty()) {
      throw new IOException("connection closed or garbled inside a chunk");
    }
    return data;
  }

  /** The rest of a chunked body. */
  byte[] readChunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] chunk = readChunk(); chunk != null; chunk = readChunk()) {
      body.write(chunk);
    }
    return body.toByteArray();
  }

  /** Everything up to the server's close (an HTTP/1.0 body without Content-Length). */
  byte[] readToEnd() throws IOException {
    return in.readAllBytes();
  }

  /** The trailer fields of the last chunked body read; names lower-cased. */
  Map<String, String> trailers() {
    return trailers;
  }

  private Map<String, String> fields() throws IOException {
    Map<String, String> fields = new TreeMap<>();
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      fields.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
    }
    return fields;
  }

  /** True when the server has closed the connection (reads end of stream). */
  boolean closedByServer() throws IOException {
    return in.read() == -1;
  }

  private String line() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String s = buf.toString(ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      buf.write(c);
    }
    throw new IOException("connection closed by server");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
