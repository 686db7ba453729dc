package io.raftkv.raft.scenario.script;

import java.util.Map;

/** The command vocabulary of scenario scripts: one handler per command name. */
final class Handlers {

  private static final Map<String, CommandHandler> BY_NAME = Map.ofEntries(
      Map.entry("add-nodes", new AddNodesHandler()),
      Map.entry("campaign", new CampaignHandler()),
      Map.entry("tick", new TickHandler()),
      Map.entry("tick-heartbeat", new TickHeartbeatHandler()),
      Map.entry("tick-election", new TickElectionHandler()),
      Map.entry("propose", new ProposeHandler()),
      Map.entry("propose-conf-change", new ProposeConfChangeHandler()),
      Map.entry("process-ready", new ProcessReadyHandler()),
      Map.entry("take-ready", new TakeReadyHandler()),
      Map.entry("persist", new PersistHandler()),
      Map.entry("deliver-msgs", new DeliverMsgsHandler()),
      Map.entry("stabilize", new StabilizeHandler()),
      Map.entry("read-index", new ReadIndexHandler()),
      Map.entry("transfer-leader", new TransferLeaderHandler()),
      Map.entry("isolate", new IsolateHandler()),
      Map.entry("recover", new RecoverHandler()),
      Map.entry("status", new StatusHandler()),
      Map.entry("raft-log", new RaftLogHandler()),
      Map.entry("restart", new RestartHandler()));

  private Handlers() {}

  static void run(Command c, InteractionEnv env) {
    CommandHandler h = BY_NAME.get(c.name);
    if (h == null) {
      throw c.error("unknown command (known: " + new java.util.TreeSet<>(BY_NAME.keySet()) + ")");
    }
    h.handle(c, env);
    c.checkAllUsed();
  }
}
