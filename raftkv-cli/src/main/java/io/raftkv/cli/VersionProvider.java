package io.raftkv.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest (or "dev" when run from classes). */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = RaftKvCommand.class.getPackage().getImplementationVersion();
    return new String[] {"raftkv " + (v == null ? "dev" : v)};
  }
}
