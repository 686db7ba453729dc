package io.raftkv.chaos.rig;

import com.sun.net.httpserver.HttpServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny real server for the rig's self-tests, started as its own JVM inside a lab namespace:
 * HTTP on {@code ip:port} answers {@code GET /count} with the number of UDP datagrams received on
 * the same {@code ip:port}, and {@code GET /ping} with {@code pong}.
 */
public final class ProbeServer {

  private ProbeServer() {}

  public static void main(String[] args) throws Exception {
    InetAddress ip = InetAddress.getByName(args[0]);
    int port = Integer.parseInt(args[1]);
    AtomicLong datagrams = new AtomicLong();
    HttpServer http = HttpServer.create(new InetSocketAddress(ip, port), 16);
    http.createContext("/count", ex -> reply(ex, Long.toString(datagrams.get())));
    http.createContext("/ping", ex -> reply(ex, "pong"));
    http.start();
    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(ip, port))) {
      udp.setReceiveBufferSize(1 << 20);
      byte[] buf = new byte[64];
      System.out.println("probe listening on " + ip.getHostAddress() + ":" + port);
      while (true) {
        udp.receive(new DatagramPacket(buf, buf.length));
        datagrams.incrementAndGet();
      }
    }
  }

  private static void reply(com.sun.net.httpserver.HttpExchange ex, String body) throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, bytes.length);
    try (var out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
