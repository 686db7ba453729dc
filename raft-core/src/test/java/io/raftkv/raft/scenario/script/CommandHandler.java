package io.raftkv.raft.scenario.script;

/**
 * One scenario command (etcd's interaction_env_handler_*.go): reads its arguments from the
 * {@link Command}, drives the nodes of the {@link InteractionEnv} and writes what happened to the env's
 * output. Script mistakes throw {@link ScriptException}; refusals by the core are printed.
 */
interface CommandHandler {

  void handle(Command c, InteractionEnv env);
}
