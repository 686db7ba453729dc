package io.raftkv.cli.client;

import io.raftkv.kv.KvStateMachine;
import io.raftkv.kv.api.LocalKvService;
import io.raftkv.kv.http.HttpServerConfig;
import io.raftkv.kv.http.KvHttpServer;

/**
 * The real HTTP server of kv-server over the real state machine (without replication), on a free port:
 * what the client commands and the bench tool talk to in tests.
 */
public final class LocalServer implements AutoCloseable {

  private final LocalKvService service;
  private final KvHttpServer server;

  public LocalServer() throws InterruptedException {
    this.service = new LocalKvService(new KvStateMachine());
    this.server = KvHttpServer.start(HttpServerConfig.defaults("127.0.0.1", 0), service);
  }

  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  @Override
  public void close() throws InterruptedException {
    server.close();
    service.close();
  }
}
